package org.villhop.server;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.villhop.config.GatewayConfig;
import org.villhop.pack.PackSettings;
import org.villhop.pack.message.DischargeMessageComposer;
import org.villhop.pipeline.ContentStage;
import org.villhop.pipeline.PackStage;
import org.villhop.pipeline.Pipeline;
import org.villhop.pipeline.TrustSpaceCheck;

/** The outbound pipeline of a configuration: the trust-space check, then the content stages. */
final class OutboundStages {
    private OutboundStages() {
    }

    static Pipeline pipeline(GatewayConfig config, Path data, Path spool, Clock clock) {
        List<ContentStage> stages = new ArrayList<>();
        stages.add(new PackStage(new DischargeMessageComposer(PackSettings.defaults(), clock, spool)));
        return new Pipeline(List.of(TrustSpaceCheck.of(config.security().trustSpace())), stages, spool);
    }
}

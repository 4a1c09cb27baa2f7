package org.villhop.server;

import java.nio.file.Path;
import java.util.List;

import org.villhop.config.GatewayConfig;
import org.villhop.pipeline.Pipeline;
import org.villhop.pipeline.TrustSpaceCheck;

/** The outbound pipeline of a configuration: the trust-space check, then the content stages. */
final class OutboundStages {
    private OutboundStages() {
    }

    static Pipeline pipeline(GatewayConfig config, Path data, Path spool) {
        return new Pipeline(List.of(TrustSpaceCheck.of(config.security().trustSpace())), List.of(), spool);
    }
}

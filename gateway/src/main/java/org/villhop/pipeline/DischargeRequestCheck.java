package org.villhop.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

import org.villhop.pack.message.CompositionResult;
import org.villhop.pack.message.DischargeMessageComposer;
import org.villhop.policy.ContentCheck;
import org.villhop.policy.Submitter;
import org.villhop.policy.Verdict;

/**
 * Refuses at SMTP time ({@code 554 5.6.0} with the first problems) a submitted message whose discharge request is
 * invalid, so the secretariat's mail client shows the error at once instead of a bounce later. Only messages from
 * authenticated users are checked: they are the ones the outbound {@link PackStage} will transform.
 */
public final class DischargeRequestCheck implements ContentCheck {
    private static final int PROBLEMS_SHOWN = 5;

    private final DischargeMessageComposer composer;

    public DischargeRequestCheck(DischargeMessageComposer composer) {
        this.composer = composer;
    }

    @Override
    public Verdict check(Submitter submitter, MessageSource message) throws IOException {
        if (!submitter.authenticated()) {
            return Verdict.accept();
        }
        try (InputStream in = message.open()) {
            if (!DischargeRequestHint.mayCarryRequest(in)) {
                return Verdict.accept();
            }
        }
        Optional<CompositionResult.Refused> refused;
        try (InputStream in = message.open()) {
            refused = composer.check(in);
        }
        return refused.map(r -> Verdict.refuse(554, "5.6.0", r.smtpText(PROBLEMS_SHOWN))).orElse(Verdict.accept());
    }
}

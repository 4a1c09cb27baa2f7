package org.villhop.server;

import java.util.List;

import org.villhop.delivery.OutboundMessage;
import org.villhop.delivery.RecipientOutcome;

/**
 * Where prepared messages go: the SMTP delivery agent (next hops), or a local mailbox store. One outcome per
 * envelope recipient, in envelope order.
 */
@FunctionalInterface
public interface Transport {
    List<RecipientOutcome> deliver(OutboundMessage message) throws InterruptedException;
}

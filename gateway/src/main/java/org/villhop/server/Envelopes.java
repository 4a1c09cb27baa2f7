package org.villhop.server;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.villhop.delivery.Recipient;
import org.villhop.delivery.Ret;
import org.villhop.delivery.XText;
import org.villhop.queue.BodyType;
import org.villhop.queue.DsnReturn;
import org.villhop.queue.Envelope;
import org.villhop.queue.EnvelopeRecipient;
import org.villhop.queue.Notify;

/** Converts between the queue's envelope (as accepted, parameters as given) and the delivery client's. */
final class Envelopes {
    private Envelopes() {
    }

    /** The delivery envelope of a queued message, limited to {@code recipients} (in that order). */
    static org.villhop.delivery.Envelope forDelivery(Envelope queued, List<EnvelopeRecipient> recipients) {
        return new org.villhop.delivery.Envelope(queued.sender(), recipients.stream().map(Envelopes::recipient)
                .toList(), queued.envelopeId(), queued.dsnReturn() == null ? null
                : queued.dsnReturn() == DsnReturn.FULL ? Ret.FULL : Ret.HDRS,
                queued.bodyType() == BodyType.EIGHT_BIT_MIME);
    }

    static Recipient recipient(EnvelopeRecipient r) {
        Set<org.villhop.delivery.Notify> notify = r.notifyOn().isEmpty() ? Set.of()
                : r.notifyOn().stream().map(n -> org.villhop.delivery.Notify.valueOf(n.name()))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(org.villhop.delivery.Notify.class)));
        return new Recipient(r.address(), notify, orcpt(r.orcpt()));
    }

    /** ORCPT as queued is "type;xtext"; the delivery side wants it decoded. Unparsable values are dropped. */
    private static String orcpt(String given) {
        if (given == null || given.indexOf(';') < 1) {
            return null;
        }
        int semi = given.indexOf(';');
        try {
            return given.substring(0, semi) + ";" + XText.decode(given.substring(semi + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The queue envelope of a DSN: null sender, the original sender as its only recipient, NOTIFY=NEVER. */
    static Envelope forDsn(org.villhop.delivery.Envelope dsn) {
        List<EnvelopeRecipient> to = dsn.recipients().stream()
                .map(r -> new EnvelopeRecipient(r.address(), Set.of(Notify.NEVER), null)).toList();
        return new Envelope("", to, null, null, BodyType.EIGHT_BIT_MIME, false, null, null, null);
    }
}

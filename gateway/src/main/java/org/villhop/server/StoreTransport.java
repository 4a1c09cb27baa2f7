package org.villhop.server;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.villhop.delivery.OutboundMessage;
import org.villhop.delivery.Recipient;
import org.villhop.delivery.RecipientOutcome;
import org.villhop.store.MailboxStore;
import org.villhop.store.OverQuotaException;
import org.villhop.store.StoreException;
import org.villhop.users.UserAccount;
import org.villhop.users.UserDirectory;

/**
 * Local delivery into the mailbox store: a recipient address goes to the INBOX of every user who owns it (the users
 * allowed to send as it), stored as prepared by the inbound pipeline (streamed, fsynced by the store). A full mailbox
 * or a store failure defers the recipient; an address nobody owns fails.
 */
final class StoreTransport implements Transport {
    private final MailboxStore store;
    private final UserDirectory users;
    private final Clock clock;

    StoreTransport(MailboxStore store, UserDirectory users, Clock clock) {
        this.store = store;
        this.users = users;
        this.clock = clock;
    }

    @Override
    public List<RecipientOutcome> deliver(OutboundMessage message) {
        List<RecipientOutcome> outcomes = new ArrayList<>();
        for (Recipient r : message.envelope().recipients()) {
            outcomes.add(deliver(message, r));
        }
        return outcomes;
    }

    private RecipientOutcome deliver(OutboundMessage message, Recipient recipient) {
        List<UserAccount> owners = users.owners(recipient.address());
        if (owners.isEmpty()) {
            return outcome(recipient, RecipientOutcome.Result.FAILED, "5.1.1", "no local mailbox for <"
                    + recipient.address() + ">");
        }
        List<String> done = new ArrayList<>();
        try {
            for (UserAccount owner : owners) {
                try (InputStream content = message.body().open()) {
                    var stored = store.deliver(owner.username(), "INBOX", content, Set.of());
                    done.add(owner.username() + " (INBOX uid " + stored.uid() + ")");
                }
            }
        } catch (OverQuotaException e) {
            return outcome(recipient, RecipientOutcome.Result.DEFERRED, "4.2.2", "mailbox full: " + e.getMessage());
        } catch (IOException | StoreException e) {
            return outcome(recipient, RecipientOutcome.Result.DEFERRED, "4.3.0", "mailbox store failed: "
                    + e.getMessage());
        }
        return outcome(recipient, RecipientOutcome.Result.DELIVERED, "2.0.0", "delivered to the mailbox of "
                + String.join(", ", done));
    }

    private RecipientOutcome outcome(Recipient recipient, RecipientOutcome.Result result, String status,
                                     String detail) {
        return new RecipientOutcome(recipient, result, status, detail, null, null, false, clock.instant());
    }
}

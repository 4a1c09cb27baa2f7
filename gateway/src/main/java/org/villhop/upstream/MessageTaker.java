package org.villhop.upstream;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import jakarta.mail.Flags;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;

import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;

/**
 * One upstream message's way in, step by step in {@link UpstreamState}: HANDING (spooled, given to the handler) →
 * ACCEPTED (the handler returned) → SETTLED (flagged or deleted upstream), and the duplicate guards that keep a message
 * from being handed twice (the pipeline's idempotency key, the Message-ID, the upstream keyword).
 */
final class MessageTaker {
    private final UpstreamAccount account;
    private final UpstreamState state;
    private final Path spoolDir;
    private final InboundHandler handler;
    private final FetchListener listener;

    MessageTaker(UpstreamAccount account, UpstreamState state, Path spoolDir, InboundHandler handler,
                 FetchListener listener) {
        this.account = account;
        this.state = state;
        this.spoolDir = spoolDir;
        this.handler = handler;
        this.listener = listener;
    }

    void take(IMAPFolder folder, Message m, FetchedMessage info, boolean keywords) throws Exception {
        Optional<UpstreamState.Step> step = state.step(info);
        if (step.isPresent() && step.get() == UpstreamState.Step.SETTLED) {
            state.advance(info.account(), info.folder(), info.uidValidity(), info.uid());
            return;
        }
        if (step.isEmpty() || step.get() == UpstreamState.Step.HANDING) {
            String duplicate = duplicateReason(m, info, step, keywords);
            if (duplicate != null) {
                listener.skippedDuplicate(account, info, duplicate);
            } else {
                state.record(info, UpstreamState.Step.HANDING);
                handOver(m, info);
                listener.accepted(account, info);
            }
            state.record(info, UpstreamState.Step.ACCEPTED);
        }
        settle(folder, m, keywords);
        state.record(info, UpstreamState.Step.SETTLED);
        state.advance(info.account(), info.folder(), info.uidValidity(), info.uid());
        listener.settled(account, info);
    }

    /** Why this message must not be handed again, or null when it must. */
    private String duplicateReason(Message m, FetchedMessage info, Optional<UpstreamState.Step> step,
                                   boolean keywords) throws MessagingException {
        if (step.isPresent() && handler.hasAccepted(info.idempotencyKey())) {
            return "the inbound pipeline already holds " + info.idempotencyKey();
        }
        if (info.messageId().isPresent() && state.acceptedMessageId(account.name(), info.messageId().get())) {
            return "Message-ID <" + info.messageId().get() + "> already accepted from this account";
        }
        if (keywords && m.getFlags().contains(UpstreamFetcher.FETCHED_KEYWORD)) {
            return "already marked " + UpstreamFetcher.FETCHED_KEYWORD + " upstream";
        }
        return null;
    }

    private void handOver(Message m, FetchedMessage info) throws Exception {
        Path spool = Files.createTempFile(spoolDir, "upstream-", ".eml");
        try {
            try (OutputStream out = Files.newOutputStream(spool)) {
                m.writeTo(out);
            }
            try (InputStream in = Files.newInputStream(spool)) {
                handler.accept(info, in);
            }
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    private void settle(IMAPFolder folder, Message m, boolean keywords) throws MessagingException {
        if (account.afterAccept() == AfterAccept.DELETE) {
            m.setFlag(Flags.Flag.DELETED, true);
            if (((IMAPStore) folder.getStore()).hasCapability("UIDPLUS")) {
                folder.expunge(new Message[] {m});
            } else {
                folder.expunge();
            }
            return;
        }
        Flags flags = new Flags(Flags.Flag.SEEN);
        if (keywords) {
            flags.add(UpstreamFetcher.FETCHED_KEYWORD);
        }
        m.setFlags(flags, true);
    }
}

package org.villhop.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.villhop.audit.AuditEvent;
import org.villhop.audit.AuditJournal;
import org.villhop.queue.MessageQueue;
import org.villhop.queue.QueuedMessage;
import org.villhop.queue.RecipientState;

/**
 * Bridges the gap between the next hop's {@code 250} and the queue's commit of "sent", the window in which a crash
 * makes the gateway deliver a message twice. Right after the reply, the delivered recipients are appended to
 * {@code DATA/queue/sent.log} with one {@code write} (no fsync: the kernel keeps it through a killed process, which is
 * what this is for; a power cut can lose it, and then the delivery is repeated, never lost), then committed to the
 * queue as usual. At start, before any delivery, {@link #replay} marks sent every logged recipient the queue still
 * has pending. The log is emptied then, and whenever it grows past a limit while no record is between its line and
 * its commit.
 */
final class SentLog implements AutoCloseable {
    private static final long ROTATE_AT = 4L * 1024 * 1024;
    private final Path file;
    private final ReentrantReadWriteLock pending = new ReentrantReadWriteLock();
    private final FileChannel channel;

    private SentLog(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** {@code DATA/queue/sent.log}, created when missing. */
    static SentLog open(Path queueDir) throws IOException {
        Files.createDirectories(queueDir);
        Path file = queueDir.resolve("sent.log");
        return new SentLog(file, FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND));
    }

    /** What {@link #record} does after logging: the queue's own commit. */
    interface Commit {
        void run() throws IOException;
    }

    /** Logs the recipients ({@code replies}: index → reply) of queue message {@code id}, then runs {@code commit}. */
    void record(String id, Map<Integer, String> replies, Commit commit) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (Integer index : replies.keySet()) {
            lines.append(id).append('\t').append(index).append('\n');
        }
        pending.readLock().lock();
        try {
            ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            commit.run();
        } finally {
            pending.readLock().unlock();
        }
        if (channel.size() > ROTATE_AT && pending.writeLock().tryLock()) {
            try {
                channel.truncate(0);
            } finally {
                pending.writeLock().unlock();
            }
        }
    }

    /**
     * Marks sent, in {@code queue}, every logged recipient still pending there (a crash came between the log and the
     * commit), releasing the message (removed when nothing is left to deliver), then empties the log. Returns how many
     * recipients it marked. Run it when no delivery is in progress (at start).
     */
    int replay(MessageQueue queue, AuditJournal audit) throws IOException {
        Map<String, List<Integer>> logged = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            int tab = line.indexOf('\t');
            if (tab > 0 && line.substring(tab + 1).matches("\\d{1,9}")) {
                logged.computeIfAbsent(line.substring(0, tab), k -> new ArrayList<>())
                        .add(Integer.parseInt(line.substring(tab + 1)));
            }
        }
        int marked = 0;
        for (Map.Entry<String, List<Integer>> entry : logged.entrySet()) {
            QueuedMessage message = queue.find(entry.getKey()).orElse(null);
            if (message == null) {
                continue;
            }
            Map<Integer, String> replies = new LinkedHashMap<>();
            for (RecipientState r : message.recipients()) {
                if (entry.getValue().contains(r.index()) && !r.status().isFinal()) {
                    replies.put(r.index(), "250 accepted by the next hop (recorded in the sent log before a crash)");
                }
            }
            if (!replies.isEmpty()) {
                queue.markSent(message.id(), replies);
                marked += replies.size();
                audit.record(new AuditEvent(AuditEvent.MESSAGE_DELIVERED, AuditEvent.SUCCESS, "delivery", null,
                        message.id(), message.envelope().sender(), replies.keySet().stream()
                        .map(i -> message.recipients().get(i).recipient().address()).toList(), "queue id "
                        + message.id() + ": delivered before a crash; recorded from the sent log at start"));
                queue.release(message.id());
            }
        }
        channel.truncate(0);
        channel.force(true);
        return marked;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}

package org.villhop.audit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.villhop.storage.CommitDelay;

/**
 * The audit journal as an append-only file of JSON lines ({@code journal.jsonl}), each chained to the previous by
 * SHA-256, plus {@code journal.head} naming the last entry (so that removing entries from the end is detected too).
 * Each entry is forced to disk before {@link #record} returns; entries recorded by concurrent threads while another
 * force is under way share the next one (group commit), and while forces follow one another closely the next one
 * waits a moment for more entries to share it ({@link CommitDelay}). The head file is rewritten once per force,
 * naming the last entry forced. Failures are passed to the problem sink and counted, never thrown.
 */
public final class HashChainJournal implements AuditJournal, AutoCloseable {
    public static final String FILE = "journal.jsonl";
    public static final String HEAD = "journal.head";
    private final Path dir;
    private final FileChannel channel;
    private final Clock clock;
    private final Consumer<String> problems;
    private final ReentrantLock lock = new ReentrantLock();
    private final ReentrantLock forcing = new ReentrantLock();
    private final Condition forceEnded = forcing.newCondition();
    private final AtomicLong failures = new AtomicLong();
    private final CommitDelay delay;
    /** How many forces were made since opening (guarded by {@link #forcing}). */
    private long forces;
    private long seq;
    private String lastHash;
    /** The last entry written (not necessarily forced yet), read by the thread forcing. */
    private volatile Head written;
    /** The last entry forced to disk (guarded by {@link #forcing}). */
    private long forced;
    /** Whether a caller is forcing (guarded by {@link #forcing}); the head file is written by that caller only. */
    private boolean forceUnderWay;
    /** The head file, once replaced by this journal (written by the caller forcing, closed under {@link #forcing}). */
    private FileChannel headChannel;

    private record Head(long seq, String hash) {
    }

    private HashChainJournal(Path dir, FileChannel channel, Clock clock, Consumer<String> problems, CommitDelay delay,
                             long seq, String lastHash) {
        this.dir = dir;
        this.delay = delay;
        this.channel = channel;
        this.clock = clock;
        this.problems = problems;
        this.seq = seq;
        this.lastHash = lastHash;
        this.written = new Head(seq, lastHash);
        this.forced = seq;
    }

    /**
     * Opens (creating when needed) the journal in {@code dir}, continuing its chain.
     *
     * @param problems receives a one-line description of every failure to record (log it, alert on it)
     */
    public static HashChainJournal open(Path dir, Clock clock, Consumer<String> problems) throws IOException {
        return open(dir, clock, problems, CommitDelay.standard());
    }

    /** Like {@link #open(Path, Clock, Consumer)}, with {@code delay} deciding how long a force waits for company. */
    public static HashChainJournal open(Path dir, Clock clock, Consumer<String> problems, CommitDelay delay)
            throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE);
        long seq = 0;
        String last = AuditEntry.GENESIS;
        String lastLine = lastLine(file);
        if (lastLine != null) {
            try {
                AuditEntry entry = AuditEntry.parse(lastLine);
                seq = entry.seq();
                last = entry.hash();
            } catch (IllegalArgumentException e) {
                problems.accept("audit journal " + file + ": last line is damaged (" + e.getMessage()
                        + "); new entries chain from it anyway; run 'villhop audit verify'");
                last = AuditEntry.sha256(lastLine);
            }
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        if (endsWithoutNewline(file)) {
            channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
        }
        return new HashChainJournal(dir, channel, clock, problems, delay, seq, last);
    }

    @Override
    public void record(AuditEvent event) {
        long mine;
        lock.lock();
        try {
            AuditEntry entry = AuditEntry.next(seq + 1, clock.instant(), event, lastHash);
            ByteBuffer bytes = ByteBuffer.wrap((entry.toLine() + "\n").getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            seq = entry.seq();
            lastHash = entry.hash();
            written = new Head(seq, lastHash);
            mine = seq;
        } catch (IOException | RuntimeException e) {
            failed(event, e);
            return;
        } finally {
            lock.unlock();
        }
        try {
            forceThrough(mine);
        } catch (IOException | RuntimeException e) {
            failed(event, e);
        }
    }

    /**
     * Returns once entry {@code target} is on disk. One caller at a time forces (the leader); the others wait for its
     * force to end and return if it covered their entry, else one of them leads the next. A covered caller leaves as
     * soon as the force ends, without queueing behind the next leader's wait.
     */
    private void forceThrough(long target) throws IOException {
        long before;
        forcing.lock();
        try {
            while (forced < target && forceUnderWay) {
                forceEnded.awaitUninterruptibly();
            }
            if (forced >= target) {
                return;
            }
            forceUnderWay = true;
            before = forced;
        } finally {
            forcing.unlock();
        }
        Head head = null;
        try {
            delay.beforeForce();
            Head candidate = written;
            try {
                channel.force(false);
            } finally {
                delay.afterForce((int) Math.min(Integer.MAX_VALUE, candidate.seq() - before));
            }
            head = candidate;
            writeHead(head);
        } finally {
            forcing.lock();
            try {
                if (head != null) {
                    forces++;
                    forced = Math.max(forced, head.seq());
                }
                forceUnderWay = false;
                forceEnded.signalAll();
            } finally {
                forcing.unlock();
            }
        }
    }

    private void failed(AuditEvent event, Exception e) {
        failures.incrementAndGet();
        problems.accept("audit journal: cannot record " + event.action() + " event: " + e);
    }

    /** How many times the journal was forced to disk since opening (each force makes one or more entries durable). */
    public long forces() {
        forcing.lock();
        try {
            return forces;
        } finally {
            forcing.unlock();
        }
    }

    /** How many events could not be recorded since opening. */
    public long failures() {
        return failures.get();
    }

    /**
     * Names the last entry forced in the head file: replaced as a whole (temporary file, atomic rename) the first
     * time, then rewritten in place: its line only grows (sequence numbers grow, hashes have a fixed length), so no
     * byte of an older, longer line can remain.
     */
    private void writeHead(Head head) throws IOException {
        byte[] line = (head.seq() + " " + head.hash() + "\n").getBytes(StandardCharsets.US_ASCII);
        if (headChannel == null) {
            Path tmp = dir.resolve(HEAD + ".tmp");
            Files.write(tmp, line);
            Files.move(tmp, dir.resolve(HEAD), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            headChannel = FileChannel.open(dir.resolve(HEAD), StandardOpenOption.WRITE);
            return;
        }
        ByteBuffer bytes = ByteBuffer.wrap(line);
        long position = 0;
        while (bytes.hasRemaining()) {
            position += headChannel.write(bytes, position);
        }
    }

    @Override
    public void close() throws IOException {
        forcing.lock();
        try {
            while (forceUnderWay) {
                forceEnded.awaitUninterruptibly();
            }
            if (headChannel != null) {
                headChannel.close();
            }
        } finally {
            forcing.unlock();
        }
        channel.close();
    }

    private static boolean endsWithoutNewline(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            if (raf.length() == 0) {
                return false;
            }
            raf.seek(raf.length() - 1);
            return raf.read() != '\n';
        }
    }

    /** The last non-empty line of the file, read from its end. */
    private static String lastLine(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long end = raf.length();
            while (end > 0) {
                raf.seek(end - 1);
                if (raf.read() != '\n') {
                    break;
                }
                end--;
            }
            long start = end;
            while (start > 0) {
                raf.seek(start - 1);
                if (raf.read() == '\n') {
                    break;
                }
                start--;
            }
            if (start == end) {
                return null;
            }
            byte[] bytes = new byte[(int) (end - start)];
            raf.seek(start);
            raf.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}

package org.villhop.quarantine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The quarantine in {@code DATA/quarantine}: each held message is {@code ID.eml} (the message exactly as it was
 * queued) and {@code ID.properties} (its {@link QuarantineEntry}), both fsynced before {@link #hold} returns, so a
 * message marked as quarantined is never lost. {@code released/SHA256} records a released message's digest: the
 * delivery recognises it when it comes back through the queue and delivers it instead of holding it again.
 */
public final class QuarantineStore {
    private static final String ID_PATTERN = "[0-9a-z]+-[0-9a-f]{12}";
    private final Path dir;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public QuarantineStore(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
    }

    /** {@code DATA/quarantine}. */
    public static Path dirIn(Path data) {
        return data.resolve("quarantine");
    }

    /** Copies {@code message} into the quarantine, durably, and returns its entry. */
    public QuarantineEntry hold(InputStream message, String queueId, String sender, List<String> recipients,
                                String verdict) throws IOException {
        Files.createDirectories(dir);
        Instant now = clock.instant();
        String id = Long.toString(now.toEpochMilli(), 36) + "-" + HexFormat.of().formatHex(randomBytes());
        Path body = dir.resolve(id + ".eml");
        long size = writeDurably(body, out -> message.transferTo(out));
        QuarantineEntry entry = new QuarantineEntry(id, now, queueId, sender, recipients, verdict, size);
        writeDurably(dir.resolve(id + ".properties"), out -> out.write(describe(entry)
                .getBytes(StandardCharsets.UTF_8)));
        syncDirectory(dir);
        return entry;
    }

    /** Every held message, oldest first. */
    public List<QuarantineEntry> list() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<QuarantineEntry> entries = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.properties")) {
            for (Path file : files) {
                String id = file.getFileName().toString().replaceFirst("\\.properties$", "");
                find(id).ifPresent(entries::add);
            }
        }
        entries.sort(Comparator.comparing(QuarantineEntry::held).thenComparing(QuarantineEntry::id));
        return entries;
    }

    /** One held message, or empty when there is none with this id. */
    public Optional<QuarantineEntry> find(String id) throws IOException {
        if (!id.matches(ID_PATTERN)) {
            return Optional.empty();
        }
        Path file = dir.resolve(id + ".properties");
        if (!Files.isRegularFile(file) || !Files.isRegularFile(dir.resolve(id + ".eml"))) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = new StringReader(Files.readString(file, StandardCharsets.UTF_8))) {
            p.load(in);
        }
        String recipients = p.getProperty("recipients", "");
        return Optional.of(new QuarantineEntry(id, Instant.parse(p.getProperty("held")), p.getProperty("queue-id"),
                p.getProperty("sender", ""), recipients.isEmpty() ? List.of() : Arrays.asList(recipients.split(",")),
                p.getProperty("verdict", ""), Long.parseLong(p.getProperty("size", "0"))));
    }

    /** The held message as it was queued. */
    public InputStream open(String id) throws IOException {
        if (find(id).isEmpty()) {
            throw new NoSuchFileException("no message " + id + " in the quarantine");
        }
        return Files.newInputStream(dir.resolve(id + ".eml"));
    }

    /** Removes a held message. False when there was none with this id. */
    public boolean delete(String id) throws IOException {
        if (find(id).isEmpty()) {
            return false;
        }
        Files.deleteIfExists(dir.resolve(id + ".properties"));
        Files.deleteIfExists(dir.resolve(id + ".eml"));
        syncDirectory(dir);
        return true;
    }

    /** Records that a message with this content was released: it is delivered, not held, when it comes again. */
    public void markReleased(String digest) throws IOException {
        Path released = dir.resolve("released");
        Files.createDirectories(released);
        writeDurably(released.resolve(digest), out -> out.write(clock.instant().toString()
                .getBytes(StandardCharsets.US_ASCII)));
        syncDirectory(released);
    }

    /** True when a message with this content was released by an administrator. */
    public boolean wasReleased(String digest) {
        return digest.matches("[0-9a-f]{64}") && Files.isRegularFile(dir.resolve("released").resolve(digest));
    }

    /** The SHA-256 of a message, in hex (the key of {@link #markReleased}). */
    public static String digest(InputStream message) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[65536];
            int n;
            while ((n = message.read(buffer)) >= 0) {
                sha.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static String describe(QuarantineEntry e) throws IOException {
        Properties p = new Properties();
        p.setProperty("held", e.held().toString());
        p.setProperty("queue-id", e.queueId());
        p.setProperty("sender", e.sender());
        p.setProperty("recipients", String.join(",", e.recipients()));
        p.setProperty("verdict", e.verdict());
        p.setProperty("size", Long.toString(e.size()));
        StringWriter out = new StringWriter();
        p.store(out, "villhop quarantine entry");
        return out.toString();
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[6];
        random.nextBytes(bytes);
        return bytes;
    }

    private interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Writes a temporary file, forces it to disk, renames it into place; returns its size. */
    private static long writeDurably(Path target, Writer writer) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream out = java.nio.channels.Channels.newOutputStream(channel);
            writer.write(out);
            out.flush();
            channel.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return Files.size(target);
    }

    private static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("win")) {
                throw e;
            }
        }
    }
}

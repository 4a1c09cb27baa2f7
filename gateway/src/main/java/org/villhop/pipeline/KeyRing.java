package org.villhop.pipeline;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.villhop.pki.CertificateInfo;
import org.villhop.pki.Identity;
import org.villhop.pki.PkiException;
import org.villhop.pki.PkiStore;
import org.villhop.smime.SmimeIdentity;
import org.villhop.storage.FileStamp;

/**
 * The gateway's own S/MIME keys: every identity of the data directory ({@code pki/identities}) whose certificate is
 * for email protection and names at least one address. Picks the signer of an outbound message and the keys that may
 * open an inbound one.
 * <p>
 * A key ring made by {@link #watching} follows the identities directory while the gateway runs: when the directory
 * changes (an identity imported, renewed or removed with {@code villhop cert}), the next use reads it again, reading
 * the password from its source each time (it is not kept) and decrypting only the identities it does not hold yet. An
 * identity that cannot be read then is reported and left out; the others stay in use.
 * <p>
 * Only certificates valid now sign; every held key may decrypt (mail encrypted before a certificate expired must still
 * open), the valid ones first.
 */
public final class KeyRing {
    /** Where the password of the identities comes from, read again at each reload. */
    @FunctionalInterface
    public interface PasswordSource {
        char[] read() throws IOException;
    }

    private record Entry(String alias, String fingerprint, SmimeIdentity identity, List<String> emails,
                         Instant notBefore, Instant notAfter) {
        boolean validAt(Instant now) {
            return !now.isBefore(notBefore) && !now.isAfter(notAfter);
        }
    }

    private final List<String> localDomains;
    private final Clock clock;
    private final Watch watch;
    private volatile List<Entry> entries;

    private KeyRing(List<Entry> entries, List<String> localDomains, Clock clock, Watch watch) {
        this.entries = List.copyOf(entries);
        this.localDomains = localDomains.stream().map(d -> d.toLowerCase(Locale.ROOT)).toList();
        this.clock = clock;
        this.watch = watch;
    }

    /**
     * Loads the S/MIME identities of {@code store} that are valid at {@code now}, once (the key ring does not follow
     * later changes of the directory).
     *
     * @throws PkiException when a key cannot be read (wrong password, damaged file)
     */
    public static KeyRing load(PkiStore store, char[] password, List<String> localDomains, Instant now) {
        List<Entry> loaded = new ArrayList<>();
        for (PkiStore.StoredIdentity stored : store.identities()) {
            CertificateInfo info = CertificateInfo.of(stored.certificate());
            if (usable(stored) && !info.expiredAt(now) && !now.isBefore(info.notBefore())) {
                loaded.add(read(store, stored, password));
            }
        }
        return new KeyRing(loaded, localDomains, Clock.fixed(now, java.time.ZoneOffset.UTC), null);
    }

    /**
     * Loads the S/MIME identities of {@code store} and follows its identities directory afterwards (see the class
     * comment). The first load is strict: an identity that cannot be read stops it.
     *
     * @param log where a reload reports what it added, removed or could not read (never the password)
     * @throws PkiException when a key cannot be read at this first load
     * @throws IOException when the password cannot be read
     */
    public static KeyRing watching(PkiStore store, PasswordSource password, List<String> localDomains, Clock clock,
                                   Consumer<String> log) throws IOException {
        Watch watch = new Watch(store, password, log);
        FileStamp stamp = watch.stamp();
        List<Entry> loaded = new ArrayList<>();
        char[] secret = password.read();
        try {
            for (PkiStore.StoredIdentity stored : store.identities()) {
                if (usable(stored)) {
                    loaded.add(read(store, stored, secret));
                }
            }
        } finally {
            Arrays.fill(secret, '\0');
        }
        watch.seen = stamp;
        return new KeyRing(loaded, localDomains, clock, watch);
    }

    /** How many identities are held now. */
    public int size() {
        return current().size();
    }

    /**
     * Who signs a message from {@code sender}: the identity carrying that address (a person's or a service's
     * certificate), else an identity of the sender's domain (the organisation's certificate), else, for the null
     * sender (the gateway's own notices), an identity of the first local domain that has one. Only certificates
     * valid now sign; the one that ends last is chosen.
     */
    public Optional<SmimeIdentity> signerFor(String sender) {
        List<Entry> all = current();
        Instant now = clock.instant();
        String address = sender.toLowerCase(Locale.ROOT);
        if (!address.isEmpty()) {
            Optional<SmimeIdentity> own = best(all, now, e -> e.emails().contains(address));
            if (own.isPresent()) {
                return own;
            }
            String domain = domainOf(address);
            return best(all, now, e -> e.emails().stream().anyMatch(m -> domainOf(m).equals(domain)));
        }
        for (String domain : localDomains) {
            Optional<SmimeIdentity> org = best(all, now,
                    e -> e.emails().stream().anyMatch(m -> domainOf(m).equals(domain)));
            if (org.isPresent()) {
                return org;
            }
        }
        return Optional.empty();
    }

    /**
     * Keys that may open a message for these recipients: theirs first, then every key of their domains; within each,
     * keys whose certificate is valid now before the others.
     */
    public List<SmimeIdentity> decryptionKeys(List<String> recipients) {
        Instant now = clock.instant();
        List<Entry> all = current().stream()
                .sorted(Comparator.comparing((Entry e) -> !e.validAt(now))).toList();
        Set<SmimeIdentity> keys = new LinkedHashSet<>();
        for (String r : recipients) {
            String address = r.toLowerCase(Locale.ROOT);
            all.stream().filter(e -> e.emails().contains(address)).forEach(e -> keys.add(e.identity()));
        }
        for (String r : recipients) {
            String domain = domainOf(r.toLowerCase(Locale.ROOT));
            all.stream().filter(e -> e.emails().stream().anyMatch(m -> domainOf(m).equals(domain)))
                    .forEach(e -> keys.add(e.identity()));
        }
        return List.copyOf(keys);
    }

    private List<Entry> current() {
        if (watch != null && watch.changed()) {
            reload();
        }
        return entries;
    }

    private synchronized void reload() {
        FileStamp stamp = watch.stamp();
        if (stamp.equals(watch.seen)) {
            return;
        }
        Map<String, Entry> held = new HashMap<>();
        entries.forEach(e -> held.put(e.fingerprint(), e));
        List<Entry> next = new ArrayList<>();
        List<String> added = new ArrayList<>();
        char[] secret = null;
        try {
            for (PkiStore.StoredIdentity stored : watch.store.identities()) {
                if (!usable(stored)) {
                    continue;
                }
                Entry known = held.remove(CertificateInfo.fingerprint(stored.certificate()));
                if (known != null) {
                    next.add(known);
                    continue;
                }
                try {
                    if (secret == null) {
                        secret = watch.password.read();
                    }
                    next.add(read(watch.store, stored, secret));
                    added.add(stored.alias());
                } catch (PkiException | IOException e) {
                    watch.log.accept("keys: identity '" + stored.alias() + "' not loaded: " + e.getMessage());
                }
            }
        } catch (PkiException e) {
            watch.log.accept("keys: " + watch.store.identitiesDirectory() + " not read again (" + e.getMessage()
                    + "); the keys loaded before stay in use");
            return;
        } finally {
            if (secret != null) {
                Arrays.fill(secret, '\0');
            }
        }
        entries = List.copyOf(next);
        watch.seen = stamp;
        List<String> removed = held.values().stream().map(Entry::alias).sorted().toList();
        if (!added.isEmpty() || !removed.isEmpty()) {
            watch.log.accept("keys: identities reloaded from " + watch.store.identitiesDirectory() + ": "
                    + next.size() + " held" + (added.isEmpty() ? "" : ", added " + String.join(", ", added))
                    + (removed.isEmpty() ? "" : ", removed " + String.join(", ", removed)));
        }
    }

    private static boolean usable(PkiStore.StoredIdentity stored) {
        CertificateInfo info = CertificateInfo.of(stored.certificate());
        boolean smime = info.extendedKeyUsage().isEmpty() || info.extendedKeyUsage().contains("emailProtection");
        return smime && !info.emails().isEmpty();
    }

    private static Entry read(PkiStore store, PkiStore.StoredIdentity stored, char[] password) {
        CertificateInfo info = CertificateInfo.of(stored.certificate());
        Identity identity = store.loadIdentity(stored.alias(), password);
        return new Entry(stored.alias(), CertificateInfo.fingerprint(stored.certificate()),
                new SmimeIdentity(identity.privateKey(), identity.chain()), info.emails(), info.notBefore(),
                info.notAfter());
    }

    private static Optional<SmimeIdentity> best(List<Entry> all, Instant now, Predicate<Entry> which) {
        return all.stream().filter(e -> e.validAt(now)).filter(which).max(Comparator.comparing(Entry::notAfter))
                .map(Entry::identity);
    }

    private static String domainOf(String address) {
        return address.substring(address.lastIndexOf('@') + 1);
    }

    /** The identities directory, watched through its {@link FileStamp}. */
    private static final class Watch {
        final PkiStore store;
        final PasswordSource password;
        final Consumer<String> log;
        volatile FileStamp seen;

        Watch(PkiStore store, PasswordSource password, Consumer<String> log) {
            this.store = store;
            this.password = password;
            this.log = log;
        }

        FileStamp stamp() {
            try {
                return FileStamp.of(List.of(store.identitiesDirectory()), List.of());
            } catch (IOException e) {
                return seen == null ? new FileStamp(Set.of()) : seen;
            }
        }

        boolean changed() {
            return !stamp().equals(seen);
        }
    }
}

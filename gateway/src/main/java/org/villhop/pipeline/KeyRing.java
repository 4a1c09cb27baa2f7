package org.villhop.pipeline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.villhop.pki.CertificateInfo;
import org.villhop.pki.Identity;
import org.villhop.pki.PkiStore;
import org.villhop.smime.SmimeIdentity;

/**
 * The gateway's own S/MIME keys: every identity of the data directory ({@code pki/identities}) whose certificate is
 * for email protection and names at least one address, loaded once at start (the password is not kept; an identity
 * added later is used after a restart). Picks the signer of an outbound message and the keys that may decrypt an
 * inbound one.
 */
public final class KeyRing {
    private record Entry(SmimeIdentity identity, List<String> emails, Instant notAfter) {
    }

    private final List<Entry> entries;
    private final List<String> localDomains;

    private KeyRing(List<Entry> entries, List<String> localDomains) {
        this.entries = List.copyOf(entries);
        this.localDomains = localDomains.stream().map(d -> d.toLowerCase(Locale.ROOT)).toList();
    }

    /**
     * Loads the S/MIME identities of {@code store} that are valid at {@code now}.
     *
     * @throws org.villhop.pki.PkiException when a key cannot be read (wrong password, damaged file)
     */
    public static KeyRing load(PkiStore store, char[] password, List<String> localDomains, Instant now) {
        List<Entry> entries = new ArrayList<>();
        for (PkiStore.StoredIdentity stored : store.identities()) {
            CertificateInfo info = CertificateInfo.of(stored.certificate());
            boolean smime = info.extendedKeyUsage().isEmpty() || info.extendedKeyUsage().contains("emailProtection");
            if (!smime || info.emails().isEmpty() || info.expiredAt(now) || now.isBefore(info.notBefore())) {
                continue;
            }
            Identity identity = store.loadIdentity(stored.alias(), password);
            entries.add(new Entry(new SmimeIdentity(identity.privateKey(), identity.chain()), info.emails(),
                    info.notAfter()));
        }
        return new KeyRing(entries, localDomains);
    }

    /** How many identities were loaded. */
    public int size() {
        return entries.size();
    }

    /**
     * Who signs a message from {@code sender}: the identity carrying that address (a person's or a service's
     * certificate), else an identity of the sender's domain (the organisation's certificate), else, for the null
     * sender (the gateway's own notices), an identity of the first local domain that has one.
     */
    public Optional<SmimeIdentity> signerFor(String sender) {
        String address = sender.toLowerCase(Locale.ROOT);
        if (!address.isEmpty()) {
            Optional<SmimeIdentity> own = best(e -> e.emails().contains(address));
            if (own.isPresent()) {
                return own;
            }
            String domain = domainOf(address);
            return best(e -> e.emails().stream().anyMatch(m -> domainOf(m).equals(domain)));
        }
        for (String domain : localDomains) {
            Optional<SmimeIdentity> org = best(e -> e.emails().stream().anyMatch(m -> domainOf(m).equals(domain)));
            if (org.isPresent()) {
                return org;
            }
        }
        return Optional.empty();
    }

    /** Keys that may open a message for these recipients: theirs first, then every key of their domains. */
    public List<SmimeIdentity> decryptionKeys(List<String> recipients) {
        Set<SmimeIdentity> keys = new LinkedHashSet<>();
        for (String r : recipients) {
            String address = r.toLowerCase(Locale.ROOT);
            entries.stream().filter(e -> e.emails().contains(address)).forEach(e -> keys.add(e.identity()));
        }
        for (String r : recipients) {
            String domain = domainOf(r.toLowerCase(Locale.ROOT));
            entries.stream().filter(e -> e.emails().stream().anyMatch(m -> domainOf(m).equals(domain)))
                    .forEach(e -> keys.add(e.identity()));
        }
        return List.copyOf(keys);
    }

    private Optional<SmimeIdentity> best(java.util.function.Predicate<Entry> which) {
        return entries.stream().filter(which).max(java.util.Comparator.comparing(Entry::notAfter))
                .map(Entry::identity);
    }

    private static String domainOf(String address) {
        return address.substring(address.lastIndexOf('@') + 1);
    }
}

package org.villhop.smime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A private key with its certificate first and the chain above it: who signs, or who can decrypt. */
public record SmimeIdentity(PrivateKey key, List<X509Certificate> chain) {

    public SmimeIdentity {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("an identity needs its certificate");
        }
        chain = List.copyOf(chain);
    }

    public X509Certificate certificate() {
        return chain.getFirst();
    }

    /** Names the certificate only: a private key never goes into a log line. */
    @Override
    public String toString() {
        return "SmimeIdentity[" + certificate().getSubjectX500Principal().getName() + "]";
    }

    /** Every key entry of a PKCS#12 file (usually one). The password is used, never kept. */
    public static List<SmimeIdentity> loadPkcs12(Path file, char[] password) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try {
                store.load(in, password);
            } catch (IOException e) {
                if (e.getCause() instanceof UnrecoverableKeyException) {
                    throw new IOException(file + ": wrong password for this PKCS#12 file", e);
                }
                throw new IOException(file + ": not a readable PKCS#12 file (" + e.getMessage() + ")", e);
            }
            List<SmimeIdentity> identities = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (!store.isKeyEntry(alias)) {
                    continue;
                }
                PrivateKey key = (PrivateKey) store.getKey(alias, password);
                List<X509Certificate> chain = new ArrayList<>();
                Certificate[] certs = store.getCertificateChain(alias);
                if (certs == null) {
                    continue;
                }
                for (Certificate cert : certs) {
                    chain.add((X509Certificate) cert);
                }
                identities.add(new SmimeIdentity(key, chain));
            }
            if (identities.isEmpty()) {
                throw new IOException(file + ": no private key with a certificate in this PKCS#12 file");
            }
            return identities;
        } catch (UnrecoverableKeyException e) {
            throw new IOException(file + ": wrong password for the key in this PKCS#12 file", e);
        } catch (GeneralSecurityException e) {
            throw new IOException(file + ": cannot read this PKCS#12 file: " + e.getMessage(), e);
        }
    }
}

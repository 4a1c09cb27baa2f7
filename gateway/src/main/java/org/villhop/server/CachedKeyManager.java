package org.villhop.server;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The JDK's PKIX key manager (it picks the certificate: key type, validity, server name) with the private keys and
 * chains of the key store decrypted once. The PKIX manager itself reads the key store entry again for every
 * handshake, which for PKCS#12 means a PBKDF2 derivation of tens of milliseconds of CPU per TLS connection. Its
 * aliases are "UID.BUILDER.ALIAS" (a new UID per choice): the key store alias after the second dot finds the cached
 * entry; any other alias is passed to the PKIX manager.
 */
final class CachedKeyManager extends X509ExtendedKeyManager {
    private record Entry(PrivateKey key, X509Certificate[] chain) {
    }

    private final X509ExtendedKeyManager pkix;
    private final Map<String, Entry> entries;

    private CachedKeyManager(X509ExtendedKeyManager pkix, Map<String, Entry> entries) {
        this.pkix = pkix;
        this.entries = entries;
    }

    /** The key managers with each PKIX one wrapped, its keys read once from {@code store} with {@code password}. */
    static KeyManager[] wrap(KeyManager[] managers, KeyStore store, char[] password) throws GeneralSecurityException {
        Map<String, Entry> entries = new HashMap<>();
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias) && store.getKey(alias, password) instanceof PrivateKey key) {
                Certificate[] chain = store.getCertificateChain(alias);
                if (chain != null && Arrays.stream(chain).allMatch(c -> c instanceof X509Certificate)) {
                    entries.put(alias, new Entry(key, Arrays.copyOf(chain, chain.length, X509Certificate[].class)));
                }
            }
        }
        KeyManager[] wrapped = managers.clone();
        for (int i = 0; i < wrapped.length; i++) {
            if (wrapped[i] instanceof X509ExtendedKeyManager manager) {
                wrapped[i] = new CachedKeyManager(manager, Map.copyOf(entries));
            }
        }
        return wrapped;
    }

    private Entry cached(String alias) {
        if (alias == null) {
            return null;
        }
        int first = alias.indexOf('.');
        int second = first < 0 ? -1 : alias.indexOf('.', first + 1);
        return second < 0 ? null : entries.get(alias.substring(second + 1));
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Entry entry = cached(alias);
        return entry != null ? entry.key() : pkix.getPrivateKey(alias);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Entry entry = cached(alias);
        return entry != null ? entry.chain().clone() : pkix.getCertificateChain(alias);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return pkix.getClientAliases(keyType, issuers);
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return pkix.chooseClientAlias(keyType, issuers, socket);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return pkix.chooseEngineClientAlias(keyType, issuers, engine);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return pkix.getServerAliases(keyType, issuers);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return pkix.chooseServerAlias(keyType, issuers, socket);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return pkix.chooseEngineServerAlias(keyType, issuers, engine);
    }
}

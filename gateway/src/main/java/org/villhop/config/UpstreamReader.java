package org.villhop.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.villhop.pki.PkiStore;
import org.villhop.upstream.AfterAccept;
import org.villhop.upstream.TlsMode;

/** Reads the {@code upstream:} section (operator mailboxes to fetch), recording every error with its line and key. */
final class UpstreamReader {
    private UpstreamReader() {
    }

    static List<UpstreamConfig> read(YamlSection root, List<UserConfig> users, Path dataDir) {
        Set<String> localAddresses = users.stream().flatMap(u -> u.addresses().stream()).collect(Collectors.toSet());
        List<UpstreamConfig> out = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        for (YamlSection s : root.sections("upstream")) {
            String name = s.requiredString("name");
            if (name != null && !name.matches("[A-Za-z0-9._-]{1,64}")) {
                s.error("name", "'" + name + "': use 1-64 letters, digits, . _ -");
            } else if (name != null && names.putIfAbsent(name, s.lineOf("name")) != null) {
                s.error("name", "duplicate upstream account '" + name + "' (first on line " + names.get(name) + ")");
            }
            String host = s.requiredString("host");
            TlsMode tls = s.parsed("tls", TlsMode.IMPLICIT, UpstreamReader::tlsMode);
            int port = s.port("port", tls == TlsMode.STARTTLS ? 143 : 993);
            String auth = s.string("auth", "password");
            String user = auth.equals("certificate") ? s.string("user", "") : s.requiredString("user");
            UpstreamConfig.Login login = login(s, auth);
            UpstreamConfig.ClientKey clientKey = clientKey(s, dataDir);
            if (login instanceof UpstreamConfig.CertificateLogin && clientKey == null) {
                s.error("auth", "certificate: give client-identity, or client-keystore and"
                        + " client-keystore-password-file");
            }
            String folder = s.string("folder", "INBOX");
            AfterAccept afterAccept = s.parsed("after-accept", AfterAccept.FLAG, UpstreamReader::afterAccept);
            List<String> recipients = s.strings("recipients", List.of()).stream()
                    .map(a -> a.toLowerCase(Locale.ROOT)).toList();
            if (recipients.isEmpty()) {
                s.error("recipients", "missing: the local addresses the fetched mail is for");
            }
            for (String r : recipients) {
                if (!localAddresses.contains(r)) {
                    s.error("recipients", "'" + r + "' is not the address of a configured user");
                }
            }
            s.finish();
            out.add(new UpstreamConfig(name, host, port, tls, user, login, clientKey, folder, afterAccept,
                    recipients));
        }
        return out;
    }

    private static UpstreamConfig.Login login(YamlSection s, String auth) {
        switch (auth) {
            case "password" -> {
                return new UpstreamConfig.PasswordLogin(s.file("password-file", true));
            }
            case "certificate" -> {
                return new UpstreamConfig.CertificateLogin();
            }
            case "xoauth2" -> {
                var tokenFile = s.file("oauth-token-file", false);
                String tokenEnv = s.string("oauth-token-env", null);
                if ((tokenFile == null) == (tokenEnv == null)) {
                    s.error(tokenFile == null ? "oauth-token-file" : "oauth-token-env",
                            "give exactly one of oauth-token-file and oauth-token-env");
                } else if (tokenEnv != null && !tokenEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    s.error("oauth-token-env", "'" + tokenEnv + "' is not an environment variable name");
                } else if (tokenEnv != null && s.checksFiles() && System.getenv(tokenEnv) == null) {
                    s.error("oauth-token-env", "the environment variable " + tokenEnv + " is not set");
                }
                return new UpstreamConfig.OAuthLogin(tokenFile, tokenEnv);
            }
            default -> {
                s.error("auth", "expected password, certificate or xoauth2, found '" + auth + "'");
                return new UpstreamConfig.PasswordLogin(null);
            }
        }
    }

    private static UpstreamConfig.ClientKey clientKey(YamlSection s, Path dataDir) {
        String identity = s.string("client-identity", null);
        var keystore = s.file("client-keystore", false);
        var password = s.file("client-keystore-password-file", false);
        if (identity != null) {
            if (keystore != null || password != null) {
                s.error("client-identity", "give client-identity or client-keystore, not both");
            } else if (!identity.matches("[A-Za-z0-9@._-]{1,128}")) {
                s.error("client-identity", "'" + identity + "' is not an identity alias");
            } else if (s.checksFiles() && dataDir != null && !Files.isReadable(new PkiStore(dataDir)
                    .identitiesDirectory().resolve(identity + ".p12"))) {
                s.error("client-identity", "no identity '" + identity + "' in "
                        + new PkiStore(dataDir).identitiesDirectory());
            }
            return new UpstreamConfig.DataIdentity(identity);
        }
        if ((keystore == null) != (password == null)) {
            s.error(keystore == null ? "client-keystore-password-file" : "client-keystore",
                    "client-keystore and client-keystore-password-file go together");
            return null;
        }
        return keystore == null ? null : new UpstreamConfig.KeystoreFile(keystore, password);
    }

    private static TlsMode tlsMode(String text) {
        return switch (text.strip()) {
            case "implicit" -> TlsMode.IMPLICIT;
            case "starttls" -> TlsMode.STARTTLS;
            default -> throw new IllegalArgumentException("expected implicit or starttls, found '" + text + "'");
        };
    }

    private static AfterAccept afterAccept(String text) {
        return switch (text.strip()) {
            case "flag" -> AfterAccept.FLAG;
            case "delete" -> AfterAccept.DELETE;
            default -> throw new IllegalArgumentException("expected flag or delete, found '" + text + "'");
        };
    }
}

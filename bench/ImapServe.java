// villhop's IMAP server alone, for bench/imap.py: org.villhop.imap.ImapServer over the mailbox store of DATA/mailboxes
// (org.villhop.store.SqliteMailboxStore, the store the gateway delivers to), implicit TLS with a PKCS#12 keystore, one
// user, on a loopback port, until SIGTERM. Launched as a single-file program on villhop's class path:
//   java -cp 'cli/target/villhop.jar:cli/target/lib/*' bench/ImapServe.java --data DIR --port P --user U \
//        --password-file F --keystore K.p12 --keystore-password-file F
// It prints "listening on 127.0.0.1:PORT" once it accepts connections.
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.villhop.imap.ImapServer;
import org.villhop.store.SqliteMailboxStore;

public class ImapServe {

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        for (String required : List.of("--data", "--port", "--user", "--password-file", "--keystore",
                "--keystore-password-file")) {
            if (!options.containsKey(required)) {
                System.err.println("ImapServe: missing " + required);
                System.exit(2);
            }
        }
        Path data = Path.of(options.get("--data"));
        String user = options.get("--user");
        byte[] password = firstLine(Path.of(options.get("--password-file"))).getBytes(StandardCharsets.UTF_8);
        char[] keystorePassword = firstLine(Path.of(options.get("--keystore-password-file"))).toCharArray();

        KeyStore keystore = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(Path.of(options.get("--keystore")))) {
            keystore.load(in, keystorePassword);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keystore, keystorePassword);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);

        Files.createDirectories(data.resolve("spool"));
        SqliteMailboxStore store = SqliteMailboxStore.open(data.resolve("mailboxes"), Clock.systemUTC());
        store.ensureUser(user);
        ImapServer server = ImapServer.builder(store,
                        (name, given) -> name.equals(user)
                                && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), password)
                                ? Optional.of(user) : Optional.empty(), tls)
                .mode(ImapServer.TlsMode.IMPLICIT)
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        Integer.parseInt(options.get("--port"))))
                .spool(data.resolve("spool"))
                .build()
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("ImapServe: closing: " + e);
            }
            store.close();
        }));
        System.out.println("listening on 127.0.0.1:" + server.port());
        System.out.flush();
        Thread.currentThread().join();
    }

    private static String firstLine(Path file) throws java.io.IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).get(0).strip();
    }
}

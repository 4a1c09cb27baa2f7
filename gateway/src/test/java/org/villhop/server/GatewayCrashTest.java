package org.villhop.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.testing.RawSmtpClient;
import org.villhop.users.PasswordHasher;

/**
 * The whole gateway in a child JVM is killed with SIGKILL again and again while clients push messages to its MX
 * listener; the next hop (in this JVM) counts what it receives. After a last restart, every message acknowledged
 * with 250 must arrive; duplicates (a kill between the next hop's 250 and the queue update) are counted and reported.
 */
class GatewayCrashTest {
    private static final int KILLS = 3;
    private static final int CLIENTS = 3;
    private static final Pattern SUBJECT = Pattern.compile("Subject: (crash-\\d+-\\d+)");
    @TempDir
    Path dir;
    private volatile int port;
    private GatewayHarness h;
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicInteger attempted = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);

    @Test
    void everyAcknowledgedMessageIsDeliveredDownstreamAfterRepeatedKillNine() throws Exception {
        try (GatewayHarness harness = new GatewayHarness(dir, "")) {
            h = harness;
            Path config = writeConfig(h);
            ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
            Process gateway = start(config);
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.submit(() -> push(client));
            }
            for (int kill = 0; kill < KILLS; kill++) {
                awaitAcknowledgements(acknowledged.size() + 12);
                gateway.destroyForcibly();
                gateway.waitFor();
                gateway = start(config);
            }
            awaitAcknowledgements(acknowledged.size() + 12);
            running.set(false);
            clients.shutdown();
            assertTrue(clients.awaitTermination(20, TimeUnit.SECONDS), "clients did not stop");
            try {
                h.await("every acknowledged message downstream", () -> received().keySet().containsAll(acknowledged));
            } finally {
                gateway.destroy();
                gateway.waitFor();
            }
            Map<String, Long> copies = received();
            List<String> duplicated = copies.entrySet().stream().filter(e -> e.getValue() > 1)
                    .map(Map.Entry::getKey).sorted().toList();
            System.out.printf("gateway crash test: %d kills, %d attempted, %d acknowledged, %d delivered, "
                            + "%d lost, %d duplicated %s%n", KILLS, attempted.get(), acknowledged.size(), copies.size(),
                    acknowledged.stream().filter(id -> !copies.containsKey(id)).count(), duplicated.size(),
                    duplicated);
            assertEquals(Set.of(), acknowledged.stream().filter(id -> !copies.containsKey(id))
                    .collect(Collectors.toSet()), "acknowledged messages never delivered");
        }
    }

    /** The harness's configuration, with the local domain's route to the next hop and a quick-hash user. */
    private Path writeConfig(GatewayHarness h) throws IOException {
        String yaml = Files.readString(dir.resolve("villhop.yaml"));
        String hash = new PasswordHasher(10_000).hash("crash".toCharArray());
        yaml = yaml.replaceAll("(?s)users:.*?delivery:", Matcher.quoteReplacement("users:\n  - {name: load, "
                + "password-hash: '" + hash + "', addresses: [load@ch-lens.mssante.test]}\ndelivery:"))
                .replace("port: " + h.internal.port(), "port: " + h.sink.port());
        Path file = dir.resolve("crash.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private Map<String, Long> copies(List<String> texts) {
        return texts.stream().map(SUBJECT::matcher).filter(Matcher::find).map(m -> m.group(1))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    /** What the next hop received, by subject: how many copies of each. */
    private Map<String, Long> received() {
        return copies(h.sink.received.stream().map(r -> r.text()).toList());
    }

    private Process start(Path config) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-Xmx192m", "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), GatewayProcessMain.class.getName(), config.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.US_ASCII));
        String line = out.readLine();
        if (line == null || !line.startsWith("PORT ")) {
            process.destroyForcibly();
            throw new IOException("gateway did not start: " + line);
        }
        port = Integer.parseInt(line.substring(5));
        return process;
    }

    private synchronized void awaitAcknowledgements(int target) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (acknowledged.size() < target) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new AssertionError("clients stalled at " + acknowledged.size() + " acknowledged messages");
            }
            wait(left);
        }
    }

    private synchronized void acknowledge(String id) {
        acknowledged.add(id);
        notifyAll();
    }

    /** One client: a few messages per connection to the MX listener, each with a unique subject. */
    private void push(int client) {
        int n = 0;
        while (running.get()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
                RawSmtpClient smtp = new RawSmtpClient(socket);
                smtp.reply();
                smtp.command("EHLO crash.test");
                for (int i = 0; i < 5 && running.get(); i++) {
                    String id = "crash-" + client + "-" + n++;
                    attempted.incrementAndGet();
                    smtp.command("MAIL FROM:<dr.martin@medecins.mssante.test>");
                    smtp.command("RCPT TO:<load@ch-lens.mssante.test>");
                    smtp.command("DATA");
                    String reply = smtp.command("From: dr.martin@medecins.mssante.test\r\nSubject: " + id
                            + "\r\n\r\n" + "line of text ...............................\r\n".repeat(n % 5 * 40)
                            + ".");
                    if (reply != null && reply.startsWith("250 ")) {
                        acknowledge(id);
                    }
                }
            } catch (IOException killedOrRestarting) {
                // the gateway died mid-conversation: this message is unacknowledged; go on with the next
            }
        }
    }
}

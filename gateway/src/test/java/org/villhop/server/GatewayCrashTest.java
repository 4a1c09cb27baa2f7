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
import org.villhop.policy.HeaderBlock;
import org.villhop.queue.QueuedMessage;
import org.villhop.queue.SqliteMessageQueue;
import org.villhop.testing.RawSmtpClient;
import org.villhop.users.PasswordHasher;

/**
 * The whole gateway in a child JVM is killed with SIGKILL again and again while clients push messages to its MX
 * listener; the next hop (in this JVM) counts what it receives. After a last restart, every message acknowledged
 * with 250 must arrive. Duplicates are counted and each is explained: when its copies reached the next hop, which kill
 * fell between them, and what the queue (read while the gateway was dead) recorded for it. A duplicate is only
 * allowed across a kill that fell within {@link #WINDOW} of its first copy reaching the next hop: the window between
 * the next hop's 250 and the queue's commit of "sent" (RFC 1047; docs/data-directory.md). More kills for a
 * measurement: {@code -Dvillhop.crash.kills=20}.
 */
class GatewayCrashTest {
    private static final int KILLS = Integer.getInteger("villhop.crash.kills", 3);
    /** Generous for a loaded CI machine: on an idle one the window is a few milliseconds. */
    private static final long WINDOW = 2000;
    /** A killed process may still write for a moment after the signal is sent. */
    private static final long SIGNAL_DELAY = 1000;
    private static final int CLIENTS = 3;
    private static final Pattern SUBJECT = Pattern.compile("Subject: (crash-\\d+-\\d+)");
    @TempDir
    Path dir;
    private volatile int port;
    private GatewayHarness h;
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicInteger attempted = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    /** When each copy of a subject reached the next hop (epoch ms). */
    private final Map<String, List<Long>> arrivals = new ConcurrentHashMap<>();
    /** When each kill was sent (epoch ms), and what the queue held then, by subject. */
    private final List<Long> kills = new java.util.ArrayList<>();
    private final List<Map<String, String>> queueAtKill = new java.util.ArrayList<>();

    @Test
    void everyAcknowledgedMessageIsDeliveredDownstreamAfterRepeatedKillNine() throws Exception {
        try (GatewayHarness harness = new GatewayHarness(dir, "")) {
            h = harness;
            h.sink.onReceived = r -> {
                Matcher m = SUBJECT.matcher(r.text());
                if (m.find()) {
                    arrivals.computeIfAbsent(m.group(1), k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                            .add(System.currentTimeMillis());
                }
            };
            Path config = writeConfig(h);
            ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
            Process gateway = start(config);
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.submit(() -> push(client));
            }
            for (int kill = 0; kill < KILLS; kill++) {
                awaitAcknowledgements(acknowledged.size() + 12);
                kills.add(System.currentTimeMillis());
                gateway.destroyForcibly();
                gateway.waitFor();
                queueAtKill.add(queueBySubject());
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
            System.out.println("  kills at (epoch ms) " + kills);
            List<String> unexplained = new java.util.ArrayList<>();
            for (String subject : duplicated) {
                String why = explain(subject);
                System.out.println("  duplicate " + subject + ": " + why);
                if (why.startsWith("UNEXPLAINED")) {
                    unexplained.add(subject + ": " + why);
                }
            }
            assertEquals(Set.of(), acknowledged.stream().filter(id -> !copies.containsKey(id))
                    .collect(Collectors.toSet()), "acknowledged messages never delivered");
            assertEquals(List.of(), unexplained, "duplicates not caused by a kill within " + WINDOW
                    + " ms of the first copy reaching the next hop");
        }
    }

    /**
     * Why a subject reached the next hop more than once: the first kill after its first copy arrived (the one that
     * lost the record of that delivery; the copy may land just after the signal, while the process dies), how long
     * after, and what the queue held for it at that kill.
     */
    private String explain(String subject) {
        List<Long> times = arrivals.getOrDefault(subject, List.of());
        if (times.size() < 2) {
            return "UNEXPLAINED: arrival times not recorded";
        }
        long first = times.get(0);
        long second = times.get(1);
        for (int k = 0; k < kills.size(); k++) {
            long kill = kills.get(k);
            if (kill >= first - SIGNAL_DELAY && kill <= second) {
                long gap = kill - first;
                String state = queueAtKill.get(k).getOrDefault(subject, "not in the queue");
                boolean explained = gap >= -SIGNAL_DELAY && gap <= WINDOW;
                return (explained ? "" : "UNEXPLAINED: ") + "first copy reached the next hop " + (gap >= 0
                        ? gap + " ms before" : -gap + " ms after the signal of") + " kill " + (k + 1) + " (copies at "
                        + times + "); the queue then had it as " + state
                        + "; sent again after the restart";
            }
        }
        return "UNEXPLAINED: no kill between its copies (kills at " + kills + ", copies at " + times + ")";
    }

    /** The queue of the (dead) gateway, read directly: each message's subject → its recipients' states. */
    private Map<String, String> queueBySubject() throws IOException {
        Map<String, String> states = new java.util.HashMap<>();
        try (SqliteMessageQueue queue = SqliteMessageQueue.open(h.config.dataDir().resolve("queue"),
                java.time.Clock.systemUTC())) {
            for (QueuedMessage m : queue.list()) {
                try (java.io.InputStream body = queue.openBody(m.id())) {
                    List<String> subject = HeaderBlock.read(body).values("Subject");
                    if (!subject.isEmpty()) {
                        states.put(subject.getFirst().strip(), m.recipients().stream().map(r -> r.status()
                                + " after " + r.attempts() + " attempt(s)").collect(Collectors.joining(", ")));
                    }
                }
            }
        }
        return states;
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

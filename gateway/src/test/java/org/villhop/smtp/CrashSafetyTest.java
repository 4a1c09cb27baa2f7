package org.villhop.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
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
import java.util.stream.Collectors;

import org.villhop.testing.RawSmtpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.queue.QueuedMessage;
import org.villhop.queue.SqliteMessageQueue;

/**
 * Kills the listener's JVM with SIGKILL again and again while clients push messages, then checks the queue: every
 * message acknowledged with 250 is there exactly once. Messages cut off before their 250 may or may not be there.
 */
class CrashSafetyTest {
    private static final int KILLS = 5;
    private static final int CLIENTS = 4;
    @TempDir
    Path dir;
    private volatile int port;
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicInteger attempted = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);

    @Test
    void everyAcknowledgedMessageSurvivesRepeatedKillNineExactlyOnce() throws Exception {
        ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();
        Process server = startServer();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.submit(() -> pushMessages(client));
        }
        for (int kill = 0; kill < KILLS; kill++) {
            awaitAcknowledgements(acknowledged.size() + 20);
            server.destroyForcibly();
            server.waitFor();
            server = startServer();
        }
        awaitAcknowledgements(acknowledged.size() + 20);
        running.set(false);
        clients.shutdown();
        assertTrue(clients.awaitTermination(20, TimeUnit.SECONDS), "clients did not stop");
        server.destroyForcibly();
        server.waitFor();

        Map<String, Long> copies;
        try (SqliteMessageQueue queue = SqliteMessageQueue.open(dir.resolve("data/queue"), Clock.systemUTC())) {
            copies = queue.list().stream().map(m -> m.envelope().envelopeId())
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            for (QueuedMessage m : queue.list()) {
                assertTrue(queue.openBody(m.id()).readAllBytes().length > 0);
            }
        }
        List<String> lost = acknowledged.stream().filter(id -> !copies.containsKey(id)).sorted().toList();
        List<String> duplicated = copies.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                .sorted().toList();
        System.out.printf("crash test: %d kills, %d attempted, %d acknowledged, %d queued, %d lost, %d duplicated%n",
                KILLS, attempted.get(), acknowledged.size(), copies.size(), lost.size(), duplicated.size());
        assertEquals(List.of(), lost, "acknowledged messages missing after kill -9");
        assertEquals(List.of(), duplicated, "messages queued more than once");
    }

    private Process startServer() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "-Xmx128m", "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), CrashTestServerMain.class.getName(),
                dir.resolve("data").toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.US_ASCII));
        String line = out.readLine();
        if (line == null || !line.startsWith("PORT ")) {
            process.destroyForcibly();
            throw new IOException("server did not start: " + line);
        }
        port = Integer.parseInt(line.substring(5));
        return process;
    }

    private synchronized void awaitAcknowledgements(int target) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (acknowledged.size() < target) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                throw new AssertionError("clients stalled at " + acknowledged.size() + " acknowledged messages");
            }
            wait(left);
        }
    }

    private synchronized void acknowledge(String envid) {
        acknowledged.add(envid);
        notifyAll();
    }

    /** One client: sends messages, a few per connection, each with a unique ENVID; notes those acknowledged. */
    private void pushMessages(int client) {
        int n = 0;
        while (running.get()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
                socket.setSoTimeout(5000);
                RawSmtpClient smtp = new RawSmtpClient(socket);
                smtp.reply();
                smtp.command("EHLO crash.test");
                for (int i = 0; i < 5 && running.get(); i++) {
                    String envid = "c" + client + "-" + n++;
                    attempted.incrementAndGet();
                    smtp.command("MAIL FROM:<load@outside.test> ENVID=" + envid);
                    smtp.command("RCPT TO:<bob@hopital.test>");
                    smtp.command("DATA");
                    String reply = smtp.command(message(envid, n % 7 == 0 ? 400 : 10));
                    if (reply != null && reply.startsWith("250 ")) {
                        acknowledge(envid);
                    }
                }
            } catch (IOException killedOrRestarting) {
                // the server died mid-conversation: this message is unacknowledged; go on with the next
            }
        }
    }

    private static String message(String envid, int lines) {
        List<String> body = new ArrayList<>(List.of("From: load@outside.test", "Subject: " + envid, ""));
        for (int i = 0; i < lines; i++) {
            body.add("line " + i + " of message " + envid + " ........................................");
        }
        return String.join("\r\n", body) + "\r\n.";
    }
}

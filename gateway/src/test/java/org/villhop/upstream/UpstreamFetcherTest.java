package org.villhop.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;

import jakarta.mail.Flags;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;

/** The fetcher against GreenMail's IMAP server behind real TLS, with network cuts, restarts and IDLE. */
class UpstreamFetcherTest {
    static final String USER = "ops@operator.mssante.test";
    static final String PASSWORD = "upstream-secret";

    @RegisterExtension
    static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.IMAP.dynamicPort());

    @TempDir
    Path dir;
    TestTls tls;
    TlsProxy proxy;
    GreenMailUser user;
    UpstreamState state;
    final List<UpstreamFetcher> fetchers = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        tls = new TestTls(dir.resolve("pki"), "Upstream Test");
        proxy = new TlsProxy(tls.server, greenMail.getImap().getPort());
        user = greenMail.setUser(USER, USER, PASSWORD);
        state = UpstreamState.open(UpstreamState.fileIn(dir.resolve("data")), Clock.systemUTC());
    }

    @AfterEach
    void tearDown() throws Exception {
        for (UpstreamFetcher f : fetchers) {
            f.close();
        }
        proxy.close();
        state.close();
    }

    UpstreamAccount account(UpstreamCredentials credentials) {
        return UpstreamAccount.of("operator", "localhost", proxy.port(), TlsMode.IMPLICIT, USER, credentials)
                .withTimings(Duration.ofMinutes(10), Duration.ofMinutes(2), Duration.ofMinutes(3),
                        Duration.ofMillis(50), Duration.ofMillis(200));
    }

    UpstreamAccount account() {
        return account(new UpstreamCredentials.Password(PASSWORD::toCharArray));
    }

    UpstreamFetcher start(UpstreamAccount account, InboundHandler handler, FetchListener listener) throws Exception {
        UpstreamFetcher f = new UpstreamFetcher(account, tls.client, state, dir.resolve("spool"), handler, listener);
        fetchers.add(f);
        f.start();
        return f;
    }

    void deliver(int from, int to) throws Exception {
        for (int i = from; i <= to; i++) {
            MimeMessage m = GreenMailUtil.createTextEmail(USER, "gp@ville.mssante.test", "message " + i,
                    "Compte rendu " + i + "\r\n", ServerSetupTest.IMAP);
            user.deliver(m);
        }
    }

    /** A handler that records the subjects it accepted, in order. */
    static class Recorder implements InboundHandler {
        final BlockingQueue<String> subjects = new LinkedBlockingQueue<>();
        final List<String> all = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void accept(FetchedMessage message, InputStream content) throws Exception {
            String subject = new InternetHeaders(content).getHeader("Subject", null);
            all.add(subject);
            subjects.add(subject);
        }

        List<String> await(int count) throws InterruptedException {
            List<String> got = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String s = subjects.poll(20, TimeUnit.SECONDS);
                assertNotNull(s, "timed out waiting for message " + (i + 1) + " of " + count + "; got " + got);
                got.add(s);
            }
            return got;
        }
    }

    List<StoredMessage> upstream() throws Exception {
        return greenMail.getManagers().getImapHostManager().getInbox(user).getMessages();
    }

    /** Counts the messages settled upstream (flagged or deleted). */
    static class Settled implements FetchListener {
        final java.util.concurrent.Semaphore settled = new java.util.concurrent.Semaphore(0);

        @Override
        public void settled(UpstreamAccount account, FetchedMessage message) {
            settled.release();
        }

        void await(int count) throws InterruptedException {
            assertTrue(settled.tryAcquire(count, 20, TimeUnit.SECONDS), "timed out waiting for " + count
                    + " messages to be settled upstream");
        }
    }

    void assertFlaggedUpstream(int count) throws Exception {
        assertEquals(count, upstream().stream().filter(m -> m.getFlags().contains(UpstreamFetcher.FETCHED_KEYWORD)
                && m.getFlags().contains(Flags.Flag.SEEN)).count());
    }

    @Test
    void eachMessageIsHandedOnceThenMarkedSeenAndFetchedUpstream() throws Exception {
        deliver(1, 3);
        Recorder recorder = new Recorder();
        Settled settled = new Settled();
        start(account(), recorder, settled);
        assertEquals(List.of("message 1", "message 2", "message 3"), recorder.await(3));
        settled.await(3);
        assertFlaggedUpstream(3);
        assertEquals(3, recorder.all.size());
    }

    @Test
    void networkCutAfterAcceptanceDoesNotHandTheMessageAgain() throws Exception {
        deliver(1, 3);
        Recorder recorder = new Recorder() {
            @Override
            public void accept(FetchedMessage message, InputStream content) throws Exception {
                super.accept(message, content);
                if (all.size() == 2) {
                    proxy.dropAll(); // accepted, but the flagging that follows fails
                }
            }
        };
        CountDownLatch reconnected = new CountDownLatch(2);
        Settled settled = new Settled() {
            @Override
            public void connected(UpstreamAccount account, long uidValidity) {
                reconnected.countDown();
            }
        };
        start(account(), recorder, settled);
        assertEquals(List.of("message 1", "message 2", "message 3"), recorder.await(3));
        assertTrue(reconnected.await(20, TimeUnit.SECONDS), "the fetcher reconnected after the cut");
        settled.await(3);
        assertFlaggedUpstream(3);
        assertEquals(List.of("message 1", "message 2", "message 3"), recorder.all);
    }

    @Test
    void restartContinuesWhereItStoppedAndALostStateRelyOnTheUpstreamKeyword() throws Exception {
        deliver(1, 5);
        CountDownLatch refusedThird = new CountDownLatch(1);
        Recorder first = new Recorder() {
            @Override
            public void accept(FetchedMessage message, InputStream content) throws Exception {
                if (all.size() == 2) {
                    refusedThird.countDown();
                    throw new java.io.IOException("simulated pipeline failure: queue disk full");
                }
                super.accept(message, content);
            }
        };
        UpstreamFetcher a = start(account(), first, new FetchListener() { });
        assertTrue(refusedThird.await(20, TimeUnit.SECONDS));
        a.close();
        assertEquals(List.of("message 1", "message 2"), first.all);

        Recorder second = new Recorder();
        Settled settled = new Settled();
        start(account(), second, settled);
        assertEquals(List.of("message 3", "message 4", "message 5"), second.await(3));
        settled.await(3);
        assertFlaggedUpstream(5);
        fetchers.get(1).close();
        assertEquals(3, second.all.size());

        state.close();
        state = UpstreamState.open(dir.resolve("fresh-state.db"), Clock.systemUTC());
        Recorder third = new Recorder();
        CountDownLatch skipped = new CountDownLatch(5);
        start(account(), third, new FetchListener() {
            @Override
            public void skippedDuplicate(UpstreamAccount account, FetchedMessage message, String reason) {
                assertEquals("already marked $VillhopFetched upstream", reason);
                skipped.countDown();
            }
        });
        assertTrue(skipped.await(20, TimeUnit.SECONDS));
        assertEquals(List.of(), third.all);
    }

    @Test
    void handOverInterruptedByACrashIsNotRepeatedWhenThePipelineSaysItHasTheMessage() throws Exception {
        deliver(1, 2);
        long uidValidity = greenMail.getManagers().getImapHostManager().getInbox(user).getUidValidity();
        long firstUid = upstream().get(0).getUid();
        FetchedMessage crashed = new FetchedMessage("operator", "INBOX", uidValidity, firstUid, Optional.empty(), 0);
        state.record(crashed, UpstreamState.Step.HANDING);
        Recorder recorder = new Recorder() {
            @Override
            public boolean hasAccepted(String idempotencyKey) {
                return idempotencyKey.equals(crashed.idempotencyKey());
            }
        };
        Settled settled = new Settled();
        start(account(), recorder, settled);
        assertEquals(List.of("message 2"), recorder.await(1));
        settled.await(2);
        assertFlaggedUpstream(2);
        assertEquals(List.of("message 2"), recorder.all);
    }

    @Test
    void messageArrivingDuringIdleIsFetchedPromptlyAndStopEndsTheIdle() throws Exception {
        Recorder recorder = new Recorder();
        CountDownLatch idling = new CountDownLatch(1);
        Settled settled = new Settled() {
            @Override
            public void waiting(UpstreamAccount account, boolean idle) {
                if (idle) {
                    idling.countDown();
                }
            }
        };
        // The IDLE is renewed every 2 minutes and the poll interval is 10 minutes: the message must come from IDLE.
        UpstreamFetcher f = start(account(), recorder, settled);
        assertTrue(idling.await(20, TimeUnit.SECONDS), "the server offers IDLE and the fetcher uses it");
        deliver(1, 1);
        assertEquals(List.of("message 1"), recorder.await(1), "fetched well before the IDLE renewal");
        settled.await(1);
        assertTimeoutPreemptively(Duration.ofSeconds(10), f::close);
    }

    @Test
    void messageArrivingBetweenTheLastSearchAndTheIdleCommandIsFetchedWithoutWaitingForTheRenewal()
            throws Exception {
        Recorder recorder = new Recorder();
        java.util.concurrent.atomic.AtomicInteger waits = new java.util.concurrent.atomic.AtomicInteger();
        Settled settled = new Settled() {
            @Override
            public void waiting(UpstreamAccount account, boolean idle) {
                // Called after the search and before the IDLE command: the worst moment for a message to arrive.
                int n = waits.incrementAndGet();
                if (n <= 2) {
                    try {
                        deliver(n, n);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
        start(account(), recorder, settled);
        assertEquals(List.of("message 1", "message 2"), recorder.await(2),
                "both fetched well before the 2-minute IDLE renewal and the 10-minute poll interval");
        settled.await(2);
    }

    @Test
    void deleteModeRemovesAcceptedMessagesUpstream() throws Exception {
        deliver(1, 2);
        Recorder recorder = new Recorder();
        Settled settled = new Settled();
        start(account().withAfterAccept(AfterAccept.DELETE), recorder, settled);
        assertEquals(List.of("message 1", "message 2"), recorder.await(2));
        settled.await(2);
        assertEquals(List.of(), upstream());
    }

    @Test
    void xoauth2TokenLogsInAndAWrongOneIsRefused() throws Exception {
        deliver(1, 1);
        BlockingQueue<Exception> failures = new LinkedBlockingQueue<>();
        Recorder refused = new Recorder();
        UpstreamFetcher wrong = start(account(new UpstreamCredentials.XOAuth2(() -> "expired-token")), refused,
                new FetchListener() {
                    @Override
                    public void failed(UpstreamAccount account, Exception cause, Duration retryIn) {
                        failures.add(cause);
                    }
                });
        Exception failure = failures.poll(20, TimeUnit.SECONDS);
        assertNotNull(failure);
        assertTrue(failure instanceof jakarta.mail.AuthenticationFailedException, failure.toString());
        wrong.close();
        Recorder recorder = new Recorder();
        start(account(new UpstreamCredentials.XOAuth2(() -> PASSWORD)), recorder, new FetchListener() { });
        assertEquals(List.of("message 1"), recorder.await(1));
        assertEquals(List.of(), refused.all);
    }

    @Test
    void largeMessageIsHandedWholeAsAStream() throws Exception {
        MimeMessage big = GreenMailUtil.createTextEmail(USER, "gp@ville.mssante.test", "big", "x", ServerSetupTest.IMAP);
        jakarta.mail.internet.MimeMultipart mixed = new jakarta.mail.internet.MimeMultipart();
        jakarta.mail.internet.MimeBodyPart text = new jakarta.mail.internet.MimeBodyPart();
        text.setText("Imagerie jointe.");
        mixed.addBodyPart(text);
        byte[] image = new byte[3 * 1024 * 1024];
        new java.util.Random(11).nextBytes(image);
        jakarta.mail.internet.MimeBodyPart attachment = new jakarta.mail.internet.MimeBodyPart();
        attachment.setDataHandler(new jakarta.activation.DataHandler(
                new jakarta.mail.util.ByteArrayDataSource(image, "application/octet-stream")));
        attachment.setFileName("scanner.dcm");
        mixed.addBodyPart(attachment);
        big.setContent(mixed);
        big.saveChanges();
        user.deliver(big);
        BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
        InboundHandler reader = (message, content) -> {
            MimeMessage parsed = new MimeMessage(jakarta.mail.Session.getInstance(new java.util.Properties()), content);
            jakarta.mail.internet.MimeMultipart parts = (jakarta.mail.internet.MimeMultipart) parsed.getContent();
            try (InputStream in = parts.getBodyPart(1).getInputStream()) {
                received.add(in.readAllBytes());
            }
        };
        start(account(), reader, new FetchListener() { });
        byte[] got = received.poll(30, TimeUnit.SECONDS);
        assertNotNull(got, "the large message was not handed over");
        assertTrue(java.util.Arrays.equals(image, got), "the 3 MiB attachment arrived intact");
    }

    @Test
    void startTlsSessionIsUpgradedBeforeLoggingIn() throws Exception {
        deliver(1, 1);
        try (TlsProxy plain = new TlsProxy(tls.server, greenMail.getImap().getPort(), true)) {
            Recorder recorder = new Recorder();
            Settled settled = new Settled();
            start(UpstreamAccount.of("operator", "localhost", plain.port(), TlsMode.STARTTLS, USER,
                    new UpstreamCredentials.Password(PASSWORD::toCharArray)), recorder, settled);
            assertEquals(List.of("message 1"), recorder.await(1));
            settled.await(1);
            fetchers.get(0).close();
        }
    }

    @Test
    void serverWhoseCertificateIsNotFromTheTrustedCaIsRefused() throws Exception {
        deliver(1, 1);
        TestTls other = new TestTls(dir.resolve("other-pki"), "Other");
        BlockingQueue<Exception> failures = new LinkedBlockingQueue<>();
        Recorder recorder = new Recorder();
        UpstreamFetcher f = new UpstreamFetcher(account(), other.client, state, dir.resolve("spool"), recorder,
                new FetchListener() {
                    @Override
                    public void failed(UpstreamAccount account, Exception cause, Duration retryIn) {
                        failures.add(cause);
                    }
                });
        fetchers.add(f);
        f.start();
        Exception failure = failures.poll(20, TimeUnit.SECONDS);
        assertNotNull(failure);
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertTrue(root instanceof java.security.cert.CertPathValidatorException
                        || root instanceof java.security.cert.CertificateException
                        || root instanceof javax.net.ssl.SSLException
                        || root.getClass().getName().contains("SunCertPathBuilderException"),
                root.toString());
        assertEquals(List.of(), recorder.all);
    }
}

package org.villhop.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.villhop.users.PasswordHasher;
import org.villhop.users.UserAccount;
import org.villhop.users.UserDirectory;

class AcceptancePolicyTest {
    private final UserDirectory users = UserDirectory.of(List.of(new UserAccount("alice",
            new PasswordHasher(10_000).hash("pw".toCharArray()), Set.of("alice@hopital.test", "sec@hopital.test"))));
    private final AcceptancePolicy policy = new AcceptancePolicy(Set.of("hopital.test"),
            a -> a.equals("alice@hopital.test") || a.equals("bob@hopital.test"), users);
    private final Submitter anonymous = new Submitter(null, "192.0.2.1");
    private final Submitter alice = new Submitter("alice", "192.0.2.2");

    @Test
    void unauthenticatedPeerMayOnlySendToExistingLocalMailboxes() {
        assertTrue(policy.checkRecipient(anonymous, "Bob@Hopital.TEST").accepted());
        assertEquals(new Verdict(false, 550, "5.1.1", "no such mailbox here: <nobody@hopital.test>"),
                policy.checkRecipient(anonymous, "nobody@hopital.test"));
        Verdict relay = policy.checkRecipient(anonymous, "someone@elsewhere.test");
        assertEquals(550, relay.code());
        assertEquals("5.7.1", relay.enhanced());
    }

    @Test
    void authenticatedUserMayRelayButOnlyAsHerAddresses() {
        assertTrue(policy.checkRecipient(alice, "someone@elsewhere.test").accepted());
        assertTrue(policy.checkSender(alice, "sec@hopital.test").accepted());
        assertEquals("user alice may not send as <bob@hopital.test>",
                policy.checkSender(alice, "bob@hopital.test").text());
        assertEquals("5.7.1", policy.checkSender(alice, "").enhanced());
    }

    @Test
    void spoofedFromOrSenderHeaderIsRefusedForAnAuthenticatedUser() throws IOException {
        assertTrue(headers(alice, "From: Alice <alice@hopital.test>\r\nSender: sec@hopital.test\r\n\r\nbody").accepted());
        Verdict spoofed = headers(alice, "From: \"Dr Bob\"\r\n <bob@hopital.test>\r\n\r\nbody");
        assertEquals(new Verdict(false, 550, "5.7.1",
                "header From <bob@hopital.test> is not an address alice may send as"), spoofed);
        assertEquals("5.7.1", headers(alice, "From: alice@hopital.test\r\nSender: x@y.test\r\n\r\n").enhanced());
        assertEquals("message has no From header", headers(alice, "Subject: x\r\n\r\nFrom: a\r\n").text());
        assertTrue(headers(anonymous, "From: bob@hopital.test\r\n\r\n").accepted());
    }

    @Test
    void envelopeSenderMustBeTheMessagesFromOrSender() {
        HeaderBlock fromAlice = block("From: Alice <alice@hopital.test>\r\nTo: dr@cabinet.test\r\n\r\n");
        assertTrue(policy.checkHeaders(alice, fromAlice, "Alice@Hopital.test", List.of("dr@cabinet.test")).accepted());
        Verdict other = policy.checkHeaders(alice, fromAlice, "sec@hopital.test", List.of("dr@cabinet.test"));
        assertEquals(550, other.code());
        assertEquals("5.7.1", other.enhanced());
        assertTrue(other.text().startsWith("MAIL FROM <sec@hopital.test> is not the From or Sender of the message"),
                other.text());
        HeaderBlock onBehalf = block("From: alice@hopital.test\r\nSender: sec@hopital.test\r\nTo: dr@cabinet.test"
                + "\r\n\r\n");
        assertTrue(policy.checkHeaders(alice, onBehalf, "sec@hopital.test", List.of("dr@cabinet.test")).accepted());
    }

    @Test
    void everyEnvelopeRecipientMustBeInToOrCcUnlessOnlyTheSenderIsChecked() {
        HeaderBlock message = block("From: alice@hopital.test\r\nTo: Dr <dr@cabinet.test>, team: a@x.test;\r\n"
                + "Cc: B@X.test\r\nBcc: hidden@x.test\r\n\r\n");
        assertTrue(policy.checkHeaders(alice, message, "alice@hopital.test",
                List.of("dr@cabinet.test", "a@x.test", "b@x.test")).accepted());
        Verdict blind = policy.checkHeaders(alice, message, "alice@hopital.test", List.of("dr@cabinet.test",
                "hidden@x.test"));
        assertEquals(new Verdict(false, 550, "5.7.1", "RCPT TO <hidden@x.test> is not in the To or Cc header (Direct "
                + "tamper rule: every envelope recipient must be addressed in the message; send a blind copy as its "
                + "own message)"), blind);
        AcceptancePolicy senderOnly = new AcceptancePolicy(Set.of("hopital.test"), a -> true, users,
                TamperRule.Mode.SENDER_ONLY);
        assertTrue(senderOnly.checkHeaders(alice, message, "alice@hopital.test", List.of("hidden@x.test")).accepted());
        assertEquals(550, senderOnly.checkHeaders(alice, message, "sec@hopital.test", List.of("dr@cabinet.test"))
                .code());
        assertTrue(policy.checkHeaders(anonymous, message, "x@y.test", List.of("hidden@x.test")).accepted(),
                "peers on the MX are not concerned");
    }

    private static HeaderBlock block(String headers) {
        try {
            return HeaderBlock.read(new ByteArrayInputStream(headers.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void oversizedHeaderSectionIsRefusedWithoutReadingItAll() throws IOException {
        String huge = "X-Pad: " + "a".repeat(HeaderBlock.MAX_BYTES) + "\r\n\r\n";
        assertEquals(552, headers(alice, huge).code());
    }

    private Verdict headers(Submitter who, String message) throws IOException {
        return policy.checkHeaders(who, new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)));
    }
}

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
    void oversizedHeaderSectionIsRefusedWithoutReadingItAll() throws IOException {
        String huge = "X-Pad: " + "a".repeat(HeaderBlock.MAX_BYTES) + "\r\n\r\n";
        assertEquals(552, headers(alice, huge).code());
    }

    private Verdict headers(Submitter who, String message) throws IOException {
        return policy.checkHeaders(who, new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)));
    }
}

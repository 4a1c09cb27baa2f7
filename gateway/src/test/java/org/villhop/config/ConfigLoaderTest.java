package org.villhop.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.delivery.TlsMode;
import org.villhop.policy.TamperRule;
import org.villhop.quarantine.QuarantinePolicy;

class ConfigLoaderTest {
    private static final Path EXAMPLE = Path.of("../docs/villhop.example.yaml");

    /** A valid configuration up to an {@code upstream:} list, which the test appends. */
    private static final String UPSTREAM_HEAD = """
            local-domains: [villhop.test]
            tls: {keystore: k.p12, keystore-password-file: pw}
            listeners: [{name: mx, port: 2525}]
            users:
              - {name: dpi, password-hash: x, addresses: [dpi@villhop.test]}
            upstream:
            """;

    private static List<String> errors(String yaml, Path base, boolean checkFiles) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(checkFiles).parse(yaml, "test.yaml", base));
        return e.errors().stream().map(ConfigError::toString).toList();
    }

    @Test
    void theDocumentedExampleIsValid() throws Exception {
        GatewayConfig config = new ConfigLoader(false).load(EXAMPLE);

        assertEquals("mail.ch-lens.mssante.test", config.hostname());
        assertEquals(5, config.listeners().size());
        assertEquals(2, config.delivery().routes().size());
        assertEquals(TlsMode.IMPLICIT_VERIFY, config.delivery().routes().get(1).tls());
        assertEquals(SecurityConfig.DomainPolicy.TLS_ONLY, config.security().policyFor("labo.mssante.test"));
        assertEquals(Duration.ofDays(2), config.delivery().retry().giveUpAfter());
        assertTrue(config.tls().keystore().endsWith(Path.of("certs-sample/identities/localhost.p12")));
        assertEquals(List.of(false, false, true), config.users().stream().map(UserConfig::automaticReceipts).toList());
    }

    @Test
    void upstreamAccountsAreReadWithDefaultsAndEveryMistakeIsNamed(@TempDir Path dir) throws Exception {
        String head = UPSTREAM_HEAD;
        GatewayConfig config = new ConfigLoader(false).parse(head + """
                  - {name: operator, host: imap.op.test, user: me, password-file: pw, recipients: [DPI@villhop.test]}
                  - {name: other, host: imap.op.test, tls: starttls, user: me, password-file: pw,
                     after-accept: delete, folder: MSSante, recipients: [dpi@villhop.test]}
                """, "test.yaml", dir);
        UpstreamConfig first = config.upstream().get(0);
        assertEquals(List.of(993, 143), config.upstream().stream().map(UpstreamConfig::port).toList());
        assertEquals(org.villhop.upstream.TlsMode.IMPLICIT, first.tls());
        assertEquals(org.villhop.upstream.AfterAccept.FLAG, first.afterAccept());
        assertEquals("INBOX", first.folder());
        assertEquals(List.of("dpi@villhop.test"), first.recipients());
        assertEquals(org.villhop.upstream.AfterAccept.DELETE, config.upstream().get(1).afterAccept());

        List<String> errors = errors(head + """
                  - {name: "bad name", host: h, user: u, password-file: pw, tls: clear, after-accept: keep,
                     recipients: [someone@elsewhere.test]}
                  - {name: x, user: u, password-file: pw}
                """, dir, false);
        assertEquals(List.of("line 7: upstream[0].name: 'bad name': use 1-64 letters, digits, . _ -",
                "line 7: upstream[0].tls: expected implicit or starttls, found 'clear'",
                "line 7: upstream[0].after-accept: expected flag or delete, found 'keep'",
                "line 8: upstream[0].recipients: 'someone@elsewhere.test' is not the address of a configured user",
                "line 9: upstream[1].host: missing (required)",
                "line 9: upstream[1].recipients: missing: the local addresses the fetched mail is for"), errors);
    }

    @Test
    void upstreamAccountsLogInWithAPasswordACertificateOrAnOAuthTokenAndMistakesAreNamed(@TempDir Path dir)
            throws Exception {
        String head = UPSTREAM_HEAD;
        GatewayConfig config = new ConfigLoader(false).parse(head + """
                  - {name: a, host: h, auth: certificate, client-keystore: c.p12, client-keystore-password-file: cpw,
                     recipients: [dpi@villhop.test]}
                  - {name: b, host: h, user: me, auth: xoauth2, oauth-token-env: OPERATOR_TOKEN,
                     recipients: [dpi@villhop.test]}
                  - {name: c, host: h, user: me, auth: xoauth2, oauth-token-file: token, client-identity: dpi.ch-lens,
                     recipients: [dpi@villhop.test]}
                """, "test.yaml", dir);
        assertEquals(new UpstreamConfig.CertificateLogin(), config.upstream().get(0).login());
        assertEquals("", config.upstream().get(0).user());
        assertEquals(new UpstreamConfig.KeystoreFile(dir.resolve("c.p12"), dir.resolve("cpw")),
                config.upstream().get(0).clientKey());
        assertEquals(new UpstreamConfig.OAuthLogin(null, "OPERATOR_TOKEN"), config.upstream().get(1).login());
        assertEquals(null, config.upstream().get(1).clientKey());
        assertEquals(new UpstreamConfig.OAuthLogin(dir.resolve("token"), null), config.upstream().get(2).login());
        assertEquals(new UpstreamConfig.DataIdentity("dpi.ch-lens"), config.upstream().get(2).clientKey());

        List<String> errors = errors(head + """
                  - {name: a, host: h, auth: certificate, recipients: [dpi@villhop.test]}
                  - {name: b, host: h, user: me, auth: xoauth2, recipients: [dpi@villhop.test]}
                  - {name: c, host: h, user: me, auth: xoauth2, oauth-token-env: "1BAD", recipients: [dpi@villhop.test]}
                  - {name: d, host: h, user: me, auth: kerberos, recipients: [dpi@villhop.test]}
                  - {name: e, host: h, user: me, password-file: pw, client-keystore: c.p12,
                     recipients: [dpi@villhop.test]}
                  - {name: f, host: h, user: me, password-file: pw, client-identity: dpi, client-keystore: c.p12,
                     client-keystore-password-file: cpw, recipients: [dpi@villhop.test]}
                """, dir, false);
        assertEquals(List.of("line 7: upstream[0].auth: certificate: give client-identity, or client-keystore and"
                        + " client-keystore-password-file",
                "line 8: upstream[1].oauth-token-file: give exactly one of oauth-token-file and oauth-token-env",
                "line 9: upstream[2].oauth-token-env: '1BAD' is not an environment variable name",
                "line 10: upstream[3].auth: expected password, certificate or xoauth2, found 'kerberos'",
                "line 11: upstream[4].client-keystore: client-keystore and"
                        + " client-keystore-password-file go together",
                "line 13: upstream[5].client-identity: give client-identity or client-keystore, not both"), errors);
    }

    @Test
    void authFailureLimitsAreCheckedAgainstEachOther(@TempDir Path dir) {
        List<String> errors = errors("""
                local-domains: [villhop.test]
                tls: {keystore: k.p12, keystore-password-file: pw}
                listeners: [{name: mx, port: 2525}]
                limits: {auth-failures-per-user: 10, auth-failures-per-address: 3, auth-failure-window: 0s}
                """, dir, false);
        assertEquals(List.of("line 4: limits.auth-failures-per-address: must be at least auth-failures-per-user (10)",
                "line 4: limits.auth-failure-window: must be longer than 0s"), errors);
    }

    @Test
    void theInflowLimitsAreChecked(@TempDir Path dir) {
        List<String> errors = errors("""
                local-domains: [villhop.test]
                tls: {keystore: k.p12, keystore-password-file: pw}
                listeners: [{name: mx, port: 2525}]
                limits: {inflow-delay: 5m, inflow-backlog: 0}
                """, dir, false);
        assertEquals(List.of("line 4: limits.inflow-backlog: 0 is out of range 1..1000000",
                "line 4: limits.inflow-delay: must be between 0s (never hold back) and 1m (clients wait at most 5m"
                        + " for a reply)"), errors);
    }

    @Test
    void automaticReceiptsMustBeABoolean(@TempDir Path dir) {
        List<String> errors = errors("""
                local-domains: [villhop.test]
                tls: {keystore: k.p12, keystore-password-file: pw}
                listeners: [{name: mx, port: 2525}]
                users:
                  - {name: dpi, password-hash: x, addresses: [dpi@villhop.test], automatic-receipts: sometimes}
                """, dir, false);
        assertEquals(List.of("line 5: users[0].automatic-receipts: expected true or false, found 'sometimes'"), errors);
    }

    @Test
    void theExampleAndTheDefaultNameFilesThatExistWhenTheSamplePkiIsPresent() throws Exception {
        assumeTrue(Files.exists(Path.of("../certs-sample/ca/root.pem")), "certs-sample/ is not generated here");
        assertEquals(5, new ConfigLoader(true).load(EXAMPLE).listeners().size());
        assertEquals(5, new ConfigLoader(true).loadDefault(Path.of("..")).listeners().size());
    }

    @Test
    void theEmbeddedDefaultListensOnLoopbackDemoPorts() throws Exception {
        Path base = Path.of("/srv/villhop");
        GatewayConfig config = new ConfigLoader(false).loadDefault(base);

        assertEquals(base.resolve("data"), config.dataDir());
        assertEquals(List.of("mx 127.0.0.1:2525", "submission 127.0.0.1:2587", "submissions 127.0.0.1:2465",
                        "imap 127.0.0.1:2143", "imaps 127.0.0.1:2993"),
                config.listeners().stream().map(l -> l.kind().configName() + " " + l.address() + ":" + l.port())
                        .toList());
        assertEquals(ListenerConfig.ClientCertificate.REQUEST, config.listeners().getFirst().clientCertificate());
        assertTrue(config.tls().keystorePasswordFile().endsWith(Path.of("certs-sample/PASSWORD.txt")));
        assertEquals(null, config.delivery().relayHost());
        assertTrue(config.summary().startsWith("5 listeners (mx 127.0.0.1:2525"), config.summary());
    }

    @Test
    void everyErrorIsReportedWithItsLineAndKey(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("pw"), "secret\n");
        String yaml = """
                hostname: gw.test
                local-domains: [villhop.test]
                colour: blue
                tls:
                  protocols: [TLSv1.1]
                  keystore: missing.p12
                  keystore-password-file: pw
                listeners:
                  - name: mx
                    kind: mx
                    port: 70000
                  - name: mx
                    kind: smtp
                    port: abc
                  - name: sub
                    kind: submission
                    port: 2587
                  - name: sub2
                    kind: submission
                    port: 2587
                users:
                  - name: alice
                    password-file: pw
                    addresses: [alice@elsewhere.test]
                delivery:
                  relay-host: relay.test
                  retry:
                    schedule: [1m, soon]
                    give-up-after: 2 days
                  routes:
                    - domain: a.test
                      host: mx.a.test
                      tls: plaintext
                limits:
                  message-size: huge
                """;
        List<String> errors = errors(yaml, dir, true);

        assertEquals(List.of(
                "line 3: colour: unknown key (known here: data-dir, delivery, hostname, limits, listeners, "
                        + "local-domains, pack, security, tls, upstream, users)",
                "line 5: tls.protocols: 'TLSv1.1' is not allowed: only TLSv1.2 and TLSv1.3",
                "line 6: tls.keystore: file not found or not readable: " + dir.resolve("missing.p12"),
                "line 11: listeners[0].port: 70000 is out of range 0..65535",
                "line 12: listeners[1].name: duplicate listener name 'mx' (first on line 9)",
                "line 13: listeners[1].kind: 'smtp' is not one of mx, submission, submissions, imap or imaps",
                "line 14: listeners[1].port: expected a whole number, found 'abc'",
                "line 20: listeners[3].port: 127.0.0.1:2587 is already used by listener 'sub'",
                "line 24: users[0].addresses: 'alice@elsewhere.test' is not in a local domain [villhop.test]",
                "line 26: delivery.relay-host: 'relay.test' is not HOST:PORT",
                "line 28: delivery.retry.schedule: 'soon' is not a duration (write for example 30s, 5m, 2h, 2d)",
                "line 29: delivery.retry.give-up-after: '2 days' is not a duration (write for example 30s, 5m, 2h, 2d)",
                "line 33: delivery.routes[0].tls: unknown TLS mode 'plaintext' (expected required-verified, required, "
                        + "opportunistic or implicit-verified)",
                "line 35: limits.message-size: 'huge' is not a size (write for example 25MB or 1048576)"), errors);
    }

    @Test
    void aTrustSpaceRouteMustVerifyTheHop(@TempDir Path dir) {
        List<String> errors = errors("""
                local-domains: [villhop.test]
                tls: {keystore: k.p12, keystore-password-file: pw}
                listeners: [{name: mx, port: 2525}]
                security:
                  trust-space: ["*.mssante.test"]
                delivery:
                  routes:
                    - {domain: labo.mssante.test, host: smtp.labo.mssante.test, tls: opportunistic}
                    - {domain: outside.test, host: smtp.outside.test, tls: opportunistic}
                """, dir, false);
        assertEquals(List.of("line 8: delivery.routes[0].tls: 'opportunistic' is not allowed for a trust-space "
                + "domain: use required-verified or implicit-verified"), errors);
    }

    @Test
    void trustSpacePeersNeedACertificateByDefaultAndTheirSettingsAreChecked(@TempDir Path dir) throws Exception {
        String head = """
                local-domains: [villhop.test]
                tls: {keystore: k.p12, keystore-password-file: pw}
                """;
        GatewayConfig config = new ConfigLoader(false).parse(head + """
                listeners: [{name: mx, port: 2525}]
                security:
                  trust-space: ["*.mssante.test"]
                  domains:
                    - {domain: Medecins.mssante.test, peer-names: [mx.operateur.test, "*.relais.test"]}
                """, "test.yaml", dir);
        assertEquals(SecurityConfig.PeerCertificate.REQUIRED, config.security().peerCertificate());
        assertEquals(List.of("mx.operateur.test", "*.relais.test"),
                config.security().peerNamesFor("medecins.mssante.test"));
        assertTrue(config.security().inTrustSpace("medecins.mssante.test"));
        assertEquals(QuarantinePolicy.DELIVER_ALL, config.security().quarantine());
        assertEquals(TamperRule.Mode.ENFORCE, config.security().tamperRule());

        List<String> errors = errors(head + """
                listeners: [{name: mx, port: 2525, client-certificate: none}]
                security:
                  trust-space: ["*.mssante.test"]
                  peer-certificate: sometimes
                  on-undecryptable: drop
                  domains:
                    - {domain: medecins.mssante.test, peer-names: ["mx operateur"]}
                """, dir, false);
        assertEquals(List.of("line 3: listeners: mx listener 'mx' has client-certificate: none, but "
                + "security.peer-certificate is required: trust-space peers could never present one (use request "
                + "or require, or set security.peer-certificate: optional)",
                "line 6: security.peer-certificate: 'sometimes' is not one of required, optional",
                "line 7: security.on-undecryptable: 'drop' is not one of deliver, quarantine",
                "line 9: security.domains[0].peer-names: 'mx operateur' is not a DNS name or a \"*.domain\" pattern"),
                errors.stream().sorted().toList());
    }

    @Test
    void thePackSectionIsCheckedAndDefaultsToTheNationalPatientDomain(@TempDir Path dir) throws Exception {
        List<String> errors = errors("""
                local-domains: [villhop.test]
                tls: {keystore: k.p12, keystore-password-file: pw}
                listeners: [{name: mx, port: 2525}]
                pack:
                  mss-nil: "CH Lens\u00e9"
                  patient-domain: not a domain
                  templates: no-such-folder
                  colour: blue
                """, dir, true).stream().filter(e -> e.contains("pack")).toList();
        assertEquals(List.of("line 5: pack.mss-nil: must be printable ASCII (it is sent in the X-MSS-NIL header)",
                "line 6: pack.patient-domain: not a domain name: 'not a domain'",
                "line 7: pack.templates: template folder not found: " + dir.resolve("no-such-folder"),
                "line 8: pack.colour: unknown key (known here: mss-nil, patient-domain, templates)"), errors);
        assertEquals("patient.mssante.fr", new ConfigLoader(false).loadDefault(dir).pack().patientDomain());
    }

    @Test
    void missingRequiredPartsAreNamed(@TempDir Path dir) {
        List<String> errors = errors("hostname: x\n", dir, false);
        assertEquals(List.of("line 1: local-domains: at least one local domain is needed",
                "line 1: tls.keystore: missing (required)",
                "line 1: tls.keystore-password-file: missing (required)",
                "line 1: listeners: at least one listener is needed"), errors);
    }

    @Test
    void duplicateKeysAndWrongShapesAreErrors(@TempDir Path dir) {
        List<String> errors = errors("""
                local-domains: villhop.test
                hostname: a
                hostname: b
                tls: [x]
                listeners:
                  - just-a-string
                """, dir, false);
        assertEquals(List.of("line 1: local-domains: expected a list, found an empty value",
                "line 1: local-domains: at least one local domain is needed",
                "line 3: hostname: duplicate key (first given on line 2)",
                "line 4: tls: expected a mapping (key: value lines), found a list",
                "line 4: tls.keystore: missing (required)",
                "line 4: tls.keystore-password-file: missing (required)",
                "line 5: listeners: at least one listener is needed",
                "line 6: listeners[0]: expected a mapping (key: value lines), found an empty value"), errors);
    }

    @Test
    void yamlSyntaxErrorsGiveTheLine(@TempDir Path dir) {
        List<String> errors = errors("hostname: a\nlisteners:\n  - name: [unclosed\n", dir, false);
        assertEquals(1, errors.size());
        assertTrue(errors.getFirst().startsWith("line 4: YAML syntax error"), errors.getFirst());
    }

    @Test
    void valueSyntaxes() {
        assertEquals(Duration.ofMinutes(5), ConfigValues.duration("5m"));
        assertEquals(Duration.ofDays(2), ConfigValues.duration("2d"));
        assertEquals(25_000_000L, ConfigValues.size("25MB"));
        assertEquals(1L << 30, ConfigValues.size("1GiB"));
        assertEquals(new ConfigValues.HostPort("::1", 25), ConfigValues.hostPort("[::1]:25"));
        assertThrows(IllegalArgumentException.class, () -> ConfigValues.duration("5"));
        assertThrows(IllegalArgumentException.class, () -> ConfigValues.hostPort("relay.test:0"));
    }
}

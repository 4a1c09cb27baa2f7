package org.villhop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.villhop.cli.VillhopCommandTest.Run;
import org.villhop.testing.OpenSsl;

class CertCommandTest {
    static final String SECRET = "cli-test-secret";

    @TempDir
    Path dir;
    String data;
    String pw;

    @BeforeEach
    void initCa() throws Exception {
        data = dir.resolve("data").toString();
        pw = dir.resolve("pw").toString();
        Files.writeString(dir.resolve("pw"), SECRET + "\n");
        Run init = ok("cert", "ca", "init", "--data", data, "--password-file", pw, "--key", "ec-p256",
                "--root-name", "CLI Root", "--intermediate-name", "CLI Intermediate", "--crl-url", "http://crl.cli.test");
        assertTrue(init.out().contains("root CA:         CN=CLI Root,C=FR"), init.out());
    }

    static Run ok(String... args) {
        Run run = VillhopCommandTest.run(args);
        assertEquals(0, run.code(), () -> String.join(" ", args) + "\n" + run.out() + run.err());
        assertFalse(run.out().contains(SECRET) || run.err().contains(SECRET), "password printed");
        return run;
    }

    static Run fails(int code, String... args) {
        Run run = VillhopCommandTest.run(args);
        assertEquals(code, run.code(), () -> run.out() + run.err());
        assertFalse(run.err().contains("\tat "), run.err());
        assertFalse(run.out().contains(SECRET) || run.err().contains(SECRET), "password printed");
        return run;
    }

    Run issue(String... args) {
        String[] all = new String[args.length + 6];
        System.arraycopy(new String[] {"cert", "issue", "--data", data, "--password-file", pw}, 0, all, 0, 6);
        System.arraycopy(args, 0, all, 6, args.length);
        return ok(all);
    }

    @Test
    void issuedCertificatesOfEveryProfileAreListedShownAndExportedForOpenSsl() throws Exception {
        issue("--profile", "org-smime", "--email", "cardio@h.test", "--name", "Cardiologie", "--days", "100");
        issue("--profile", "practitioner-smime", "--email", "gp@m.test", "--key", "ec-p256", "--days", "100");
        issue("--profile", "tls-server", "--dns", "localhost", "--ip", "127.0.0.1", "--days", "100");
        issue("--profile", "tls-client", "--email", "app@h.test", "--alias", "app", "--days", "100");

        Run list = ok("cert", "list", "--data", data);
        for (String name : new String[] {"cardio@h.test", "gp@m.test", "localhost", "app ", "anchor", "CLI Root",
                "serverAuth", "clientAuth", "emailProtection"}) {
            assertTrue(list.out().contains(name), name + " in\n" + list.out());
        }
        Run json = ok("cert", "list", "--data", data, "--json");
        assertTrue(json.out().trim().startsWith("[") && json.out().trim().endsWith("]"), json.out());
        assertTrue(json.out().contains("\"emails\":[\"gp@m.test\"]"), json.out());
        assertTrue(json.out().contains("\"kind\":\"anchor\""), json.out());

        Run show = ok("cert", "show", "--data", data, "gp@m.test");
        assertTrue(show.out().contains("key usage:    digitalSignature, nonRepudiation, keyAgreement"), show.out());
        assertTrue(show.out().contains("chain[2]:     CN=CLI Root,C=FR"), show.out());
        Run pem = ok("cert", "show", "--data", data, "gp@m.test", "--pem");
        assertEquals(3, pem.out().split("-----BEGIN CERTIFICATE-----", -1).length - 1, pem.out());

        Path chain = dir.resolve("gp.chain.pem");
        Path key = dir.resolve("gp.key.pem");
        Path p12 = dir.resolve("gp.p12");
        ok("cert", "export", "--data", data, "--password-file", pw, "gp@m.test", "--out", chain.toString(),
                "--key-out", key.toString());
        ok("cert", "export", "--data", data, "--password-file", pw, "gp@m.test", "--format", "p12",
                "--out", p12.toString());
        String verify = OpenSsl.ok(dir, "verify", "-CAfile", data + "/pki/ca/root.pem", "-untrusted", chain.toString(),
                "-crl_check_all", "-CRLfile", data + "/pki/crls/villhop-root.crl",
                "-CRLfile", data + "/pki/crls/villhop-intermediate.crl", chain.toString());
        assertTrue(verify.contains(": OK"), verify);
        OpenSsl.ok(dir, "pkey", "-in", key.toString(), "-passin", "file:" + pw, "-noout");
        String info = OpenSsl.ok(dir, "pkcs12", "-info", "-in", p12.toString(), "-passin", "file:" + pw, "-noout");
        assertTrue(info.contains("AES-256-CBC") && !info.contains("RC2"), info);
    }

    @Test
    void expiringListsOnlyCertificatesEndingWithinTheWindowAndMarksExpiredOnes() {
        issue("--profile", "org-smime", "--email", "soon@h.test", "--days", "10");
        issue("--profile", "org-smime", "--email", "later@h.test", "--days", "400");
        issue("--profile", "org-smime", "--email", "old@h.test", "--not-before", "2020-01-01",
                "--not-after", "2021-01-01");
        Run soon = ok("cert", "list", "--data", data, "--expiring", "30d");
        assertTrue(soon.out().contains("soon@h.test"), soon.out());
        assertTrue(soon.out().contains("old@h.test") && soon.out().contains("EXPIRED"), soon.out());
        assertFalse(soon.out().contains("later@h.test"), soon.out());
        assertFalse(soon.out().contains("CLI Root"), soon.out());
        Run json = ok("cert", "list", "--data", data, "--expiring", "30d", "--json");
        assertTrue(json.out().contains("\"status\":\"expired\""), json.out());
        fails(ExitCodes.USAGE, "cert", "list", "--data", data, "--expiring", "soon");
    }

    @Test
    void revokedCertificateIsListedInTheCrlOpenSslReads() throws Exception {
        issue("--profile", "practitioner-smime", "--email", "gone@m.test");
        String serial = ok("cert", "show", "--data", data, "gone@m.test").out().lines()
                .filter(l -> l.startsWith("serial:")).findFirst().orElseThrow().substring(7).trim();
        ok("cert", "revoke", "--data", data, "--password-file", pw, "gone@m.test", "--reason", "key-compromise");
        Path out = dir.resolve("published");
        ok("cert", "crl", "--data", data, "--password-file", pw, "--next-update", "3650d", "--out-dir", out.toString());
        String crl = OpenSsl.ok(dir, "crl", "-inform", "DER", "-in", out.resolve("intermediate.crl.der").toString(),
                "-noout", "-text");
        assertTrue(crl.toUpperCase().replace(":", "").contains(serial.toUpperCase()), serial + " in\n" + crl);
        assertTrue(crl.contains("Key Compromise"), crl);
        Run again = fails(1, "cert", "revoke", "--data", data, "--password-file", pw, "gone@m.test");
        assertTrue(again.err().contains("already revoked"), again.err());
        fails(1, "cert", "revoke", "--data", data, "--password-file", pw, "gone@m.test", "--reason", "bored");
    }

    @Test
    void importsOpenSslPkcs12PemKeyPairsP7bAnchorsAndCrls() throws Exception {
        Files.writeString(dir.resolve("in-pw"), "openssl side");
        OpenSsl.ok(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ext.key", "-out", "ext.pem",
                "-subj", "/CN=External", "-days", "30", "-addext", "subjectAltName=email:ext@other.test");
        OpenSsl.ok(dir, "pkcs12", "-export", "-in", "ext.pem", "-inkey", "ext.key", "-out", "ext.p12",
                "-passout", "file:" + dir.resolve("in-pw"));
        ok("cert", "import", "--data", data, "--password-file", pw, "--in-password-file",
                dir.resolve("in-pw").toString(), dir.resolve("ext.p12").toString());
        Run shown = ok("cert", "show", "--data", data, "ext@other.test");
        assertTrue(shown.out().contains("CN=External"), shown.out());

        ok("cert", "import", "--data", data, "--password-file", pw, "--alias", "ext-pem", "--key",
                dir.resolve("ext.key").toString(), dir.resolve("ext.pem").toString());
        assertTrue(ok("cert", "list", "--data", data).out().contains("ext-pem"));

        OpenSsl.ok(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                "-subj", "/CN=Other Health CA", "-days", "30", "-addext", "basicConstraints=critical,CA:TRUE");
        OpenSsl.ok(dir, "crl2pkcs7", "-nocrl", "-certfile", "ca.pem", "-out", "ca.p7b");
        ok("cert", "import", "--data", data, "--anchor", dir.resolve("ca.p7b").toString());
        assertTrue(ok("cert", "list", "--data", data).out().contains("Other Health CA"));

        Run noKey = fails(1, "cert", "import", "--data", data, dir.resolve("ext.pem").toString());
        assertTrue(noKey.err().contains("no private key: give --key KEYFILE"), noKey.err());

        Path crl = Path.of(data, "pki", "ca", "intermediate.crl.der");
        Files.copy(crl, dir.resolve("partner.crl"));
        ok("cert", "import", "--data", data, dir.resolve("partner.crl").toString());
        assertTrue(Files.exists(Path.of(data, "pki", "crls", "partner.crl")));
    }

    @Test
    void anchoringAChainTrustsItsRootOnlySoThatTheRootsCrlStillCoversTheIntermediate() throws Exception {
        Path chain = Path.of("../certs-sample/ca/chain.pem");
        assumeTrue(Files.exists(chain), "certs-sample/ is not generated here");
        Run chainRun = ok("cert", "import", "--data", data, "--anchor", chain.toString());
        assertTrue(chainRun.out().contains("skipped (intermediate CA; its issuer in this file is the anchor, so that "
                + "the issuer's CRL still covers it): CN=villhop Sample Health Intermediate CA"), chainRun.out());
        assertTrue(chainRun.out().contains("trust anchor: CN=villhop Sample Health Root CA"), chainRun.out());
        String anchors = ok("cert", "list", "--data", data).out();
        assertTrue(anchors.contains("villhop Sample Health Root CA"), anchors);
        assertFalse(anchors.contains("villhop Sample Health Intermediate CA"), anchors);

        Run alone = ok("cert", "import", "--data", data, "--anchor", "../certs-sample/ca/intermediate.pem");
        assertTrue(alone.out().startsWith("trust anchor: CN=villhop Sample Health Intermediate CA"), alone.out());
    }

    @Test
    void wrongPasswordsBadFilesAndUnknownNamesGiveOneClearLine() throws Exception {
        Files.writeString(dir.resolve("bad-pw"), "not the password");
        Run wrong = fails(1, "cert", "issue", "--data", data, "--password-file", dir.resolve("bad-pw").toString(),
                "--profile", "org-smime", "--email", "x@h.test");
        assertTrue(wrong.err().startsWith("villhop: ") && wrong.err().contains("wrong password"), wrong.err());
        assertEquals(1, wrong.err().lines().count(), wrong.err());

        Run unknown = fails(1, "cert", "show", "--data", data, "nobody@h.test");
        assertTrue(unknown.err().contains("no identity or trust anchor named 'nobody@h.test'"), unknown.err());
        fails(1, "cert", "export", "--data", data, "nobody@h.test", "--out", dir.resolve("x").toString());

        Files.writeString(dir.resolve("notes.pem"), "these are not certificates\n");
        Run text = fails(1, "cert", "import", "--data", data, dir.resolve("notes.pem").toString());
        assertTrue(text.err().contains("no certificate found"), text.err());

        String root = Files.readString(Path.of(data, "pki", "ca", "root.pem"));
        Files.writeString(dir.resolve("cut.pem"), root.substring(0, root.length() / 2));
        Run cut = fails(1, "cert", "import", "--data", data, "--anchor", dir.resolve("cut.pem").toString());
        assertTrue(cut.err().contains("truncated or damaged PEM"), cut.err());

        Files.writeString(dir.resolve("fake.p12"), "not pkcs12");
        Run fake = fails(1, "cert", "import", "--data", data, "--password-file", pw, dir.resolve("fake.p12").toString());
        assertTrue(fake.err().contains("not a PKCS#12 file"), fake.err());

        Run noPassword = fails(ExitCodes.USAGE, "cert", "issue", "--data", data, "--profile", "org-smime",
                "--email", "x@h.test");
        assertTrue(noPassword.err().contains("a password is needed"), noPassword.err());
        Run profile = fails(1, "cert", "issue", "--data", data, "--password-file", pw, "--profile", "wizard",
                "--email", "x@h.test");
        assertTrue(profile.err().contains("unknown profile 'wizard'"), profile.err());
        Run noCa = fails(1, "cert", "issue", "--data", dir.resolve("empty").toString(), "--password-file", pw,
                "--profile", "org-smime", "--email", "x@h.test");
        assertTrue(noCa.err().contains("no CA in"), noCa.err());
        Run twice = fails(1, "cert", "ca", "init", "--data", data, "--password-file", pw);
        assertTrue(twice.err().contains("a CA already exists"), twice.err());
    }

    @Test
    void everyCertCommandHasHelp() {
        for (String[] cmd : new String[][] {{"cert"}, {"cert", "ca", "init"}, {"cert", "issue"}, {"cert", "import"},
                {"cert", "list"}, {"cert", "show"}, {"cert", "export"}, {"cert", "revoke"}, {"cert", "crl"}}) {
            String[] args = java.util.Arrays.copyOf(cmd, cmd.length + 1);
            args[cmd.length] = "--help";
            assertTrue(ok(args).out().contains("Usage: villhop " + String.join(" ", cmd)), String.join(" ", cmd));
        }
    }
}

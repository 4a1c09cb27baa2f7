package org.villhop.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.villhop.pki.CertificateAuthority;
import org.villhop.pki.CertificateInfo;
import org.villhop.pki.CertificateProfile;
import org.villhop.pki.Identity;
import org.villhop.pki.IssueRequest;
import org.villhop.pki.KeyAlgorithm;
import org.villhop.pki.PkiStore;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code villhop cert issue}: a new key and certificate from the data directory's CA, stored as an identity. */
@Command(name = "issue", mixinStandardHelpOptions = true,
        description = {"Generate a key and issue a certificate from the CA, stored as an identity.",
                "The identity goes to DATA/pki/identities/ALIAS.p12, encrypted with the --password one, which also",
                "unlocks the CA key.",
                "Profiles: org-smime (service mailbox, like IGC-Sante ORG/SERV S/MIME), practitioner-smime,",
                "tls-server (DNS names/IPs, serverAuth), tls-client (application mailbox, clientAuth)."})
final class CertIssueCommand extends CertCommand.PkiCall {
    @Mixin
    CertCommand.DataOption data;
    @Mixin
    SecretOptions password;

    @Option(names = "--profile", required = true, paramLabel = "PROFILE",
            description = "org-smime, practitioner-smime, tls-server or tls-client.")
    String profile;
    @Option(names = "--name", paramLabel = "CN", description = "Subject common name (default: first email/DNS name).")
    String name;
    @Option(names = "--org", paramLabel = "NAME", description = "Organisation (O=) of the subject.")
    String organisation;
    @Option(names = "--email", paramLabel = "ADDRESS", description = "Email address in subjectAltName (repeatable).")
    List<String> emails = new ArrayList<>();
    @Option(names = "--dns", paramLabel = "NAME", description = "DNS name in subjectAltName (repeatable).")
    List<String> dnsNames = new ArrayList<>();
    @Option(names = "--ip", paramLabel = "ADDRESS", description = "IP address in subjectAltName (repeatable).")
    List<String> ips = new ArrayList<>();
    @Option(names = "--key", paramLabel = "TYPE", defaultValue = "rsa-2048",
            description = "Key type: rsa-2048, rsa-3072, ec-p256 (default: ${DEFAULT-VALUE}).")
    String key;
    @Option(names = "--days", description = "Validity in days from now (default 365).")
    Integer days;
    @Option(names = "--not-before", paramLabel = "DATE", description = "Start of validity (2030-01-31 or ISO instant).")
    String notBefore;
    @Option(names = "--not-after", paramLabel = "DATE", description = "End of validity (2030-01-31 or ISO instant).")
    String notAfter;
    @Option(names = "--alias", description = "Name of the identity (default: first email, else DNS name, else CN).")
    String alias;
    @Option(names = "--replace", description = "Replace an identity of the same alias.")
    boolean replace;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    int execute() {
        if (days != null && (notBefore != null || notAfter != null)) {
            throw new CommandFailure("give either --days or --not-before/--not-after", ExitCodes.USAGE);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant start = notBefore == null ? now : CertCommand.parseInstant(notBefore, "--not-before");
        Instant end = notAfter != null ? CertCommand.parseInstant(notAfter, "--not-after")
                : start.plus(Duration.ofDays(days == null ? 365 : days));
        String commonName = name != null ? name : !emails.isEmpty() ? emails.get(0)
                : !dnsNames.isEmpty() ? dnsNames.get(0) : null;
        IssueRequest request = new IssueRequest(CertificateProfile.fromLabel(profile), commonName, organisation,
                emails, dnsNames, ips, start, end);
        String chosenAlias = PkiStore.checkAlias(alias != null ? alias : !emails.isEmpty() ? emails.get(0)
                : !dnsNames.isEmpty() ? dnsNames.get(0)
                : commonName == null ? null : commonName.replaceAll("[^A-Za-z0-9@._-]", "-"));
        PkiStore store = data.store();
        if (!replace && store.findIdentity(chosenAlias).filter(s -> s.alias().equals(chosenAlias)).isPresent()) {
            throw new CommandFailure("an identity named '" + chosenAlias + "' already exists (choose another --alias"
                    + " or give --replace)");
        }
        KeyAlgorithm keyAlgorithm = KeyAlgorithm.fromLabel(key);
        char[] secret = password.read();
        try {
            CertificateAuthority ca = CertificateAuthority.open(store, clock, random);
            Identity identity = ca.issue(chosenAlias, request, keyAlgorithm, secret);
            store.saveIdentity(identity, secret, replace);
            CertificateInfo info = CertificateInfo.of(identity.certificate());
            PrintWriter out = spec.commandLine().getOut();
            out.println("issued " + request.profile().label() + " certificate '" + chosenAlias + "'");
            out.println("  subject  " + info.subject());
            out.println("  serial   " + info.serial().toString(16));
            out.println("  valid    " + info.notBefore() + " .. " + info.notAfter());
            out.println("  SHA-256  " + info.sha256Fingerprint());
            out.println("  stored   " + store.identitiesDirectory().resolve(chosenAlias + ".p12"));
            return ExitCodes.OK;
        } finally {
            Arrays.fill(secret, '\0');
        }
    }
}

package org.villhop.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.villhop.directory.RecipientDirectory;
import org.villhop.pki.Json;
import org.villhop.pki.PkiStore;
import org.villhop.smime.SmimeVerdict;
import org.villhop.trust.AlgorithmPolicy;
import org.villhop.trust.CertificateValidator;
import org.villhop.trust.Certificates;
import org.villhop.trust.CrlRepository;
import org.villhop.trust.OcspClient;
import org.villhop.trust.Purpose;
import org.villhop.trust.TrustVerdict;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code villhop cert check}: the path and revocation verdict of one certificate against the data directory's trust
 * anchors and CRLs, with the same exit codes as {@code villhop smime verify} for the same verdicts.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Validate one certificate: full path to the trust anchors of DATA/pki/anchors, revocation of "
                + "every certificate of the path (CRLs of DATA/pki/crls, else each certificate's distribution point), "
                + "validity, key usage for the purpose, algorithms.",
                "TARGET is a certificate file (PEM, DER or .p7b; the first certificate is checked, the others may be "
                        + "intermediates), an identity of the data directory (alias or email), or a recipient of the "
                        + "directory (email)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                " 0:the certificate is valid for the purpose",
                " 1:the target or the data directory could not be read",
                " 2:the command line is wrong",
                "14:expired",
                "15:not yet valid",
                "16:revoked",
                "17:revocation status unknown (no usable CRL)",
                "18:unknown issuer (no path to a trust anchor)",
                "19:key usage does not allow the purpose",
                "20:weak algorithm (MD5/SHA-1 signature, RSA under 2048 bits...)",
                "21:certificate path otherwise invalid"})
final class CertCheckCommand extends CertCommand.PkiCall {
    @Mixin
    CertCommand.DataOption data;

    @Parameters(paramLabel = "TARGET", description = "Certificate file, identity alias or email, or recipient email.")
    String target;

    @Option(names = "--purpose", paramLabel = "PURPOSE", defaultValue = "any",
            description = "smime-signing, smime-encryption, tls-server, tls-client or any (default: ${DEFAULT-VALUE}).")
    String purpose;

    @Option(names = "--at", paramLabel = "TIME",
            description = "Judge at this date or instant instead of now (2030-01-31 or 2030-01-31T12:00:00Z).")
    String at;

    @Option(names = "--no-crl-fetch", description = "Use only the CRLs of the data directory: never fetch one, never ask an OCSP responder.")
    boolean noCrlFetch;

    @Option(names = "--json", description = "The verdict as one JSON object, for scripts.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    int execute() throws IOException {
        Purpose use = purpose(purpose);
        Instant when = at == null ? clock.instant() : CertCommand.parseInstant(at, "--at");
        PkiStore store = data.store();
        List<X509Certificate> certificates = resolve(store);
        List<X509Certificate> anchors = store.trustAnchors();
        if (anchors.isEmpty()) {
            throw new CommandFailure("no trust anchor in " + store.anchorsDirectory()
                    + ": add one with 'villhop cert import --anchor FILE' (or 'villhop cert ca init')");
        }
        List<X509CRL> crls = store.crls();
        AlgorithmPolicy policy = new AlgorithmPolicy();
        CertificateValidator validator = new CertificateValidator(anchors, knownIntermediates(store),
                new CrlRepository(crls, !noCrlFetch, clock), noCrlFetch ? null : new OcspClient(clock, policy), policy,
                true);
        X509Certificate subject = certificates.getFirst();
        TrustVerdict verdict = validator.validate(subject, certificates.subList(1, certificates.size()), use, when);
        print(subject, use, verdict);
        return exitCode(verdict.kind());
    }

    private List<X509Certificate> resolve(PkiStore store) throws IOException {
        Path file = Path.of(target);
        if (Files.isRegularFile(file)) {
            List<X509Certificate> read = Certificates.read(file);
            if (read.isEmpty()) {
                throw new CommandFailure(file + ": no certificate in this file");
            }
            return read;
        }
        var identity = store.findIdentity(target);
        if (identity.isPresent()) {
            return identity.get().chain();
        }
        List<X509Certificate> recipients = new RecipientDirectory(data.data).find(target);
        if (!recipients.isEmpty()) {
            return List.of(recipients.getFirst());
        }
        throw new CommandFailure("'" + target + "' is neither a certificate file, nor an identity of "
                + store.identitiesDirectory() + ", nor a recipient of the directory");
    }

    /** The CA's own intermediate and the intermediates carried in the identities' chains. */
    private static List<X509Certificate> knownIntermediates(PkiStore store) throws IOException {
        Set<X509Certificate> known = new LinkedHashSet<>();
        Path caIntermediate = store.caDirectory().resolve("intermediate.pem");
        if (Files.isRegularFile(caIntermediate)) {
            known.addAll(Certificates.read(caIntermediate));
        }
        for (PkiStore.StoredIdentity identity : store.identities()) {
            List<X509Certificate> chain = identity.chain();
            known.addAll(chain.subList(Math.min(1, chain.size()), chain.size()));
        }
        return List.copyOf(known);
    }

    private void print(X509Certificate subject, Purpose use, TrustVerdict verdict) {
        PrintWriter out = spec.commandLine().getOut();
        String purposeName = use.name().toLowerCase(Locale.ROOT).replace('_', '-');
        if (json) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("subject", Certificates.name(subject));
            fields.put("purpose", purposeName);
            fields.put("verdict", verdict.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            fields.put("reason", verdict.reason());
            List<String> path = new ArrayList<>();
            verdict.path().forEach(c -> path.add(Certificates.name(c)));
            out.println(Json.object(fields, Map.of("path", path)));
            return;
        }
        out.println(Certificates.name(subject) + " (" + purposeName + "): " + verdict);
        for (X509Certificate c : verdict.path()) {
            out.println("  " + Certificates.name(c));
        }
    }

    static Purpose purpose(String text) {
        try {
            return Purpose.valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new CommandFailure("--purpose: unknown purpose '" + text
                    + "' (smime-signing, smime-encryption, tls-server, tls-client, any)", ExitCodes.USAGE);
        }
    }

    /** The same numbers as {@code villhop smime verify} for the same certificate verdicts. */
    static int exitCode(TrustVerdict.Kind kind) {
        return switch (kind) {
            case VALID -> ExitCodes.OK;
            case EXPIRED -> SmimeVerdict.Kind.EXPIRED.code();
            case NOT_YET_VALID -> SmimeVerdict.Kind.NOT_YET_VALID.code();
            case REVOKED -> SmimeVerdict.Kind.REVOKED.code();
            case REVOCATION_UNKNOWN -> SmimeVerdict.Kind.REVOCATION_UNKNOWN.code();
            case UNKNOWN_ISSUER -> SmimeVerdict.Kind.UNKNOWN_ISSUER.code();
            case WRONG_KEY_USAGE -> SmimeVerdict.Kind.WRONG_KEY_USAGE.code();
            case WEAK_ALGORITHM -> SmimeVerdict.Kind.WEAK_ALGORITHM.code();
            case BAD_CERTIFICATE_SIGNATURE, INVALID_PATH -> SmimeVerdict.Kind.INVALID_CERTIFICATE.code();
        };
    }
}

package org.villhop.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.villhop.smime.MalformedMessageException;
import org.villhop.smime.SmimeOpener;
import org.villhop.smime.SmimeVerdict;
import org.villhop.trust.AlgorithmPolicy;
import org.villhop.trust.CertificateValidator;
import org.villhop.trust.CrlRepository;
import org.villhop.trust.OcspClient;

/** {@code villhop smime verify}: decrypts if needed, verifies, prints the verdict, exits with its code. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Verify a signed (or signed and encrypted) message: signature, full certificate path to the"
                + " --trust anchors, revocation by CRL on every certificate of the path (--crl files, else the"
                + " certificates' distribution points), key usage, signing time, signer email = From/Sender, and,"
                + " with header protection, outer headers = signed headers. Prints the verdict in words.",
        footer = {"", "Exit codes (one per verdict):",
            "   0  valid",
            "   1  unreadable input, wrong password, bad option value",
            "   2  wrong command line",
            "  10  signature invalid: the content was altered after signing",
            "  11  a signed header was altered (header protection)",
            "  12  the signer's email is not the From/Sender address",
            "  13  the signing time is outside the signer certificate's validity",
            "  14  signer certificate (or one of its issuers) expired",
            "  15  signer certificate (or one of its issuers) not yet valid",
            "  16  signer certificate (or one of its issuers) revoked",
            "  17  revocation status unknown (no usable CRL)",
            "  18  unknown issuer: no path to a trust anchor",
            "  19  the certificate's key usage does not allow signing mail",
            "  20  weak algorithm refused (MD5/SHA-1, RSA < 2048 bits, DES/3DES/RC2)",
            "  21  certificate path otherwise invalid",
            "  22  the message is not signed",
            "  23  encrypted, but not for any --key given",
            "  24  decryption failed",
            "  25  malformed S/MIME message"})
final class SmimeVerifyCommand implements Callable<Integer> {
    @Option(names = "--in", paramLabel = "FILE", description = "Message to read (default: standard input).")
    Path in;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Also write the opened (decrypted, unwrapped) message to FILE ('-' for standard output).")
    Path out;

    @Option(names = "--trust", paramLabel = "CERT", required = true,
            description = "Trust anchor certificate file, PEM or DER (repeatable).")
    List<Path> anchors = new ArrayList<>();

    @Option(names = "--intermediate", paramLabel = "CERT",
            description = "Known intermediate CA certificates (repeatable; those carried in the message are used too).")
    List<Path> intermediates = new ArrayList<>();

    @Option(names = "--crl", paramLabel = "FILE", description = "CRL file, PEM or DER (repeatable).")
    List<Path> crls = new ArrayList<>();

    @Option(names = "--no-crl-fetch", description = "Do not fetch CRLs from the certificates' distribution points nor ask their OCSP responders.")
    boolean noFetch;

    @Option(names = "--no-revocation-check",
            description = "Skip revocation checking entirely (the verdict says so). Not for production use.")
    boolean noRevocation;

    @Option(names = "--key", paramLabel = "FILE.p12",
            description = "PKCS#12 decryption key for an encrypted message (repeatable; needs a password option).")
    List<Path> keys = new ArrayList<>();

    @Mixin
    SecretOptions password;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Clock clock = Clock.systemUTC();
        CrlRepository repository = new CrlRepository(readCrls(), !noFetch, clock);
        AlgorithmPolicy policy = new AlgorithmPolicy();
        CertificateValidator validator = new CertificateValidator(SmimeFiles.certificates(anchors),
                SmimeFiles.certificates(intermediates), repository, noFetch ? null : new OcspClient(clock, policy),
                policy, !noRevocation);
        SmimeOpener opener = new SmimeOpener(validator, clock);
        var identities = SmimeFiles.identities(keys, password);
        SmimeVerdict verdict;
        try (InputStream input = SmimeFiles.in(in);
                OutputStream output = out == null ? OutputStream.nullOutputStream() : SmimeFiles.out(out)) {
            verdict = opener.open(input, output, identities);
        } catch (MalformedMessageException e) {
            spec.commandLine().getOut().println("MALFORMED: " + e.getMessage());
            return SmimeVerdict.Kind.MALFORMED.code();
        }
        spec.commandLine().getOut().println(verdict.kind().name() + ": "
                + (verdict.isValid() ? verdict.reason() : verdict.toString()));
        return verdict.kind().code();
    }

    private List<java.security.cert.X509CRL> readCrls() throws IOException {
        List<java.security.cert.X509CRL> all = new ArrayList<>();
        for (Path file : crls) {
            all.addAll(org.villhop.trust.Certificates.readCrls(file));
        }
        return all;
    }
}

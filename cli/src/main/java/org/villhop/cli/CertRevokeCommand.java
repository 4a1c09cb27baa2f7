package org.villhop.cli;

import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.villhop.pki.AtomicFiles;
import org.villhop.pki.CertificateAuthority;
import org.villhop.pki.PemCodec;
import org.villhop.pki.PkiException;
import org.villhop.pki.PkiStore;
import org.villhop.pki.RevocationReason;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code villhop cert revoke}: revoke a certificate the CA issued and publish new CRLs. */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = "Revoke a certificate issued by the data directory's CA and publish fresh CRLs.")
final class CertRevokeCommand extends CertCommand.PkiCall {
    @Mixin
    CertCommand.DataOption data;
    @Mixin
    SecretOptions password;

    @Parameters(paramLabel = "NAME", arity = "0..1", description = "Alias or email address of the identity.")
    String name;
    @Option(names = "--serial", paramLabel = "HEX", description = "Serial number (hex) instead of NAME.")
    String serial;
    @Option(names = "--reason", defaultValue = "unspecified",
            description = "unspecified, key-compromise, ca-compromise, affiliation-changed, superseded, "
                    + "cessation-of-operation, certificate-hold, privilege-withdrawn (default: ${DEFAULT-VALUE}).")
    String reason;
    @Option(names = "--next-update", paramLabel = "WINDOW", defaultValue = "30d",
            description = "nextUpdate of the new CRLs, from now (default: ${DEFAULT-VALUE}).")
    String nextUpdate;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    int execute() {
        if ((name == null) == (serial == null)) {
            throw new CommandFailure("give either NAME or --serial HEX", ExitCodes.USAGE);
        }
        Duration validity = CertCommand.parseDuration(nextUpdate, "--next-update");
        RevocationReason why = RevocationReason.fromLabel(reason);
        PkiStore store = data.store();
        BigInteger number;
        if (serial != null) {
            try {
                number = new BigInteger(serial.replace(":", ""), 16);
            } catch (NumberFormatException e) {
                throw new CommandFailure("--serial: not a hexadecimal number '" + serial + "'", ExitCodes.USAGE);
            }
        } else {
            number = store.findIdentity(name).orElseThrow(() -> new PkiException(
                    "no identity named or addressed '" + name + "'")).certificate().getSerialNumber();
        }
        char[] secret = password.read();
        try {
            CertificateAuthority ca = CertificateAuthority.open(store, clock, random);
            ca.revoke(number, why);
            ca.publishCrls(validity, secret);
        } finally {
            Arrays.fill(secret, '\0');
        }
        spec.commandLine().getOut().println("revoked " + number.toString(16) + " (" + why.label()
                + "); CRLs published in " + store.caDirectory() + " and " + store.crlsDirectory());
        return ExitCodes.OK;
    }

    /** {@code villhop cert crl}: sign and publish the CA's CRLs. */
    @Command(name = "crl", mixinStandardHelpOptions = true,
            description = {"Publish the CA's CRLs (the root's and the intermediate's).",
                    "Written to DATA/pki/ca/{root,intermediate}.crl.{pem,der} and DATA/pki/crls; with --out-dir also"
                    + " copied there."})
    static final class Crl extends CertCommand.PkiCall {
        @Mixin
        CertCommand.DataOption data;
        @Mixin
        SecretOptions password;
        @Option(names = "--next-update", paramLabel = "WINDOW", defaultValue = "30d",
                description = "nextUpdate, from now (default: ${DEFAULT-VALUE}).")
        String nextUpdate;
        @Option(names = "--out-dir", paramLabel = "DIR", description = "Also write root.crl.pem/.der and "
                + "intermediate.crl.pem/.der here.")
        Path outDir;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        int execute() throws Exception {
            Duration validity = CertCommand.parseDuration(nextUpdate, "--next-update");
            char[] secret = password.read();
            List<X509CRL> crls;
            try {
                crls = CertificateAuthority.open(data.store(), clock, random).publishCrls(validity, secret);
            } finally {
                Arrays.fill(secret, '\0');
            }
            PrintWriter out = spec.commandLine().getOut();
            String[] roles = {"root", "intermediate"};
            for (int i = 0; i < 2; i++) {
                X509CRL crl = crls.get(i);
                int count = crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size();
                out.println(roles[i] + " CRL: " + count + " revoked, next update " + crl.getNextUpdate().toInstant());
                if (outDir != null) {
                    Files.createDirectories(outDir);
                    AtomicFiles.writePublic(outDir.resolve(roles[i] + ".crl.pem"),
                            PemCodec.crlPem(crl).getBytes(StandardCharsets.US_ASCII));
                    AtomicFiles.writePublic(outDir.resolve(roles[i] + ".crl.der"), crl.getEncoded());
                }
            }
            return ExitCodes.OK;
        }
    }
}

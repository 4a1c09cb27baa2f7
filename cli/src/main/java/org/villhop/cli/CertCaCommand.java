package org.villhop.cli;

import java.io.PrintWriter;
import java.util.Arrays;

import org.villhop.pki.CaSettings;
import org.villhop.pki.CertificateAuthority;
import org.villhop.pki.CertificateInfo;
import org.villhop.pki.KeyAlgorithm;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code villhop cert ca ...}: the certificate authority of the data directory. */
@Command(name = "ca", mixinStandardHelpOptions = true, description = "The certificate authority.",
        subcommands = CertCaCommand.Init.class)
final class CertCaCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = {"Create a root CA and an intermediate CA in DATA/pki/ca.",
                    "The root becomes a trust anchor and both CRLs are published. The keys are encrypted with the",
                    "--password one."})
    static final class Init extends CertCommand.PkiCall {
        @Mixin
        CertCommand.DataOption data;
        @Mixin
        SecretOptions password;

        @Option(names = "--key", paramLabel = "TYPE", defaultValue = "rsa-3072",
                description = "Key type: rsa-2048, rsa-3072, ec-p256 (default: ${DEFAULT-VALUE}).")
        String key;
        @Option(names = "--root-name", defaultValue = "villhop Root CA", description = "Root CA common name.")
        String rootName;
        @Option(names = "--intermediate-name", defaultValue = "villhop Intermediate CA",
                description = "Intermediate CA common name.")
        String intermediateName;
        @Option(names = "--org", paramLabel = "NAME", description = "Organisation (O=) of both CA names.")
        String organisation;
        @Option(names = "--days", defaultValue = "7300", description = "Validity in days (default: ${DEFAULT-VALUE}).")
        int days;
        @Option(names = "--crl-url", paramLabel = "URL", defaultValue = "http://crl.villhop.test",
                description = "Base URL of the CRLs, written in distribution points as URL/root.crl and "
                        + "URL/intermediate.crl (default: ${DEFAULT-VALUE}).")
        String crlUrl;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        int execute() {
            char[] secret = password.read();
            try {
                CaSettings settings = new CaSettings(KeyAlgorithm.fromLabel(key), rootName, intermediateName,
                        organisation, days, crlUrl);
                CertificateAuthority ca = CertificateAuthority.init(data.store(), settings, secret, clock, random);
                PrintWriter out = spec.commandLine().getOut();
                out.println("root CA:         " + ca.root().getSubjectX500Principal().getName());
                out.println("  SHA-256        " + CertificateInfo.fingerprint(ca.root()));
                out.println("intermediate CA: " + ca.intermediate().getSubjectX500Principal().getName());
                out.println("  SHA-256        " + CertificateInfo.fingerprint(ca.intermediate()));
                out.println("stored in " + data.store().caDirectory() + "; the root is a trust anchor in "
                        + data.store().anchorsDirectory());
                return ExitCodes.OK;
            } finally {
                Arrays.fill(secret, '\0');
            }
        }
    }
}

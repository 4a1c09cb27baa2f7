package org.villhop.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import org.villhop.pki.AtomicFiles;
import org.villhop.pki.Identity;
import org.villhop.pki.PemCodec;
import org.villhop.pki.Pkcs12Codec;
import org.villhop.pki.PkiException;
import org.villhop.pki.PkiStore;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code villhop cert export}: an identity's chain as PEM, its key as encrypted PKCS#8, or a PKCS#12 file. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export an identity's chain and key (PEM) or a PKCS#12 file.",
                "--format pem writes the chain (leaf first) to --out, and with --key-out the private key as encrypted PKCS#8 PEM (AES-256-CBC, PBKDF2-HMAC-SHA256); --format p12 writes",
                "a PKCS#12 file (AES-256-CBC, PBKDF2-HMAC-SHA256). Exported keys use the --password one."})
final class CertExportCommand extends CertCommand.PkiCall {
    @Mixin
    CertCommand.DataOption data;
    @Mixin
    SecretOptions password;

    @Parameters(paramLabel = "NAME", description = "Alias or email address of the identity.")
    String name;
    @Option(names = "--format", defaultValue = "pem", description = "pem or p12 (default: ${DEFAULT-VALUE}).")
    String format;
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write.")
    Path outFile;
    @Option(names = "--key-out", paramLabel = "FILE", description = "With --format pem: also write the private key.")
    Path keyOut;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    int execute() {
        PkiStore store = data.store();
        PkiStore.StoredIdentity stored = store.findIdentity(name)
                .orElseThrow(() -> new PkiException("no identity named or addressed '" + name + "'"));
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case "pem" -> {
                AtomicFiles.writePublic(outFile, PemCodec.certificatesPem(stored.chain()).getBytes(StandardCharsets.US_ASCII));
                out.println("wrote the chain of '" + stored.alias() + "' (" + stored.chain().size() + " certificates) to "
                        + outFile);
                if (keyOut != null) {
                    char[] secret = password.read();
                    try {
                        Identity identity = store.loadIdentity(stored.alias(), secret);
                        AtomicFiles.write(keyOut, PemCodec.encryptedKeyPem(identity.privateKey(), secret,
                                Pkcs12Codec.DEFAULT_ITERATIONS).getBytes(StandardCharsets.US_ASCII));
                    } finally {
                        Arrays.fill(secret, '\0');
                    }
                    out.println("wrote the encrypted private key to " + keyOut);
                }
            }
            case "p12" -> {
                if (keyOut != null) {
                    throw new CommandFailure("--key-out goes with --format pem (a PKCS#12 file holds the key)",
                            ExitCodes.USAGE);
                }
                char[] secret = password.read();
                try {
                    Identity identity = store.loadIdentity(stored.alias(), secret);
                    AtomicFiles.write(outFile, store.pkcs12().write(identity, secret));
                } finally {
                    Arrays.fill(secret, '\0');
                }
                out.println("wrote PKCS#12 of '" + stored.alias() + "' to " + outFile);
            }
            default -> throw new CommandFailure("--format: expected pem or p12, not '" + format + "'", ExitCodes.USAGE);
        }
        return ExitCodes.OK;
    }

}

package org.villhop.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.villhop.smime.SmimeDecryptor;
import org.villhop.smime.SmimeVerdict;

/** {@code villhop smime decrypt}: removes the encryption layer; a signature inside is left for {@code verify}. */
@Command(name = "decrypt", mixinStandardHelpOptions = true,
        description = "Decrypt a message with the right key among those given. The result keeps its outer headers;"
                + " a signed message stays signed (check it with 'villhop smime verify').",
        footer = {"", "Exit codes: 0 decrypted; 1 unreadable input or wrong password; 20 weak algorithm refused (DES,"
                + " 3DES, RC2); 23 not encrypted for any key given; 24 decryption failed; 25 not an encrypted"
                + " S/MIME message."})
final class SmimeDecryptCommand implements Callable<Integer> {
    @Mixin
    SmimeCommand.Streams streams;

    @Mixin
    SecretOptions password;

    @Option(names = "--key", paramLabel = "FILE.p12", required = true,
            description = "PKCS#12 file with a decryption key (repeatable; same password for all).")
    List<Path> keys = new ArrayList<>();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        var identities = SmimeFiles.identities(keys, password);
        SmimeVerdict verdict;
        try (InputStream in = SmimeFiles.in(streams.in); OutputStream out = SmimeFiles.out(streams.out)) {
            verdict = new SmimeDecryptor().decrypt(in, out, identities);
        }
        if (!verdict.isValid()) {
            spec.commandLine().getErr().println("villhop: " + verdict);
        }
        return verdict.kind().code();
    }
}

package org.villhop.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import org.villhop.smime.EncryptOptions;
import org.villhop.smime.SignOptions;
import org.villhop.smime.SmimeComposer;
import org.villhop.smime.SmimeIdentity;

/** {@code villhop smime ...}: sign, encrypt, decrypt and verify whole messages (RFC 5322 files or standard input). */
@Command(name = "smime", mixinStandardHelpOptions = true,
        description = "S/MIME: sign, encrypt, decrypt and verify messages (file or stdin to file or stdout).",
        subcommands = {SmimeCommand.Sign.class, SmimeCommand.Encrypt.class, SmimeDecryptCommand.class,
            SmimeVerifyCommand.class})
public final class SmimeCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Input and output files shared by the subcommands. */
    static final class Streams {
        @Option(names = "--in", paramLabel = "FILE", description = "Message to read (default: standard input).")
        Path in;

        @Option(names = "--out", paramLabel = "FILE", description = "Where to write the result (default: standard"
                + " output).")
        Path out;
    }

    /** Signature choices shared by sign and encrypt --sign-key. */
    static final class SignChoices {
        @Option(names = "--digest", paramLabel = "ALG", defaultValue = "sha256",
                description = "sha256 (default), sha384 or sha512.")
        String digest;

        @Option(names = "--rsa-pss", description = "RSA-PSS signature (salt = digest length) instead of PKCS#1 v1.5.")
        boolean pss;

        @Option(names = "--protect-headers", description = "RFC 8551 header protection: sign the whole message"
                + " wrapped in message/rfc822.")
        boolean protectHeaders;

        SignOptions options(boolean opaque) {
            SignOptions.Digest chosen = switch (digest.toLowerCase(Locale.ROOT)) {
                case "sha256", "sha-256" -> SignOptions.Digest.SHA256;
                case "sha384", "sha-384" -> SignOptions.Digest.SHA384;
                case "sha512", "sha-512" -> SignOptions.Digest.SHA512;
                default -> throw new CommandFailure("unknown --digest " + digest + " (sha256, sha384 or sha512)",
                        ExitCodes.USAGE);
            };
            return new SignOptions(chosen, pss ? SignOptions.RsaScheme.PSS : SignOptions.RsaScheme.PKCS1, opaque,
                    protectHeaders);
        }
    }

    static SmimeIdentity signer(Path p12, SecretOptions password) throws IOException {
        List<SmimeIdentity> identities = SmimeFiles.identities(List.of(p12), password);
        if (identities.size() > 1) {
            throw new CommandFailure(p12 + " holds " + identities.size() + " keys; give a file with one key");
        }
        return identities.getFirst();
    }

    @Command(name = "sign", mixinStandardHelpOptions = true,
            description = "Sign a message: detached multipart/signed by default, opaque signed-data with --opaque. "
                    + "The Message-ID and every non-Content header stay on the outer message.")
    static final class Sign implements Callable<Integer> {
        @Mixin
        Streams streams;

        @Mixin
        SecretOptions password;

        @Mixin
        SignChoices choices;

        @Option(names = "--key", paramLabel = "FILE.p12", required = true,
                description = "PKCS#12 file with the signer's key and certificate chain.")
        Path key;

        @Option(names = "--opaque", description = "application/pkcs7-mime signed-data instead of multipart/signed.")
        boolean opaque;

        @Override
        public Integer call() throws IOException {
            SmimeIdentity signer = signer(key, password);
            try (InputStream in = SmimeFiles.in(streams.in); OutputStream out = SmimeFiles.out(streams.out)) {
                new SmimeComposer(Clock.systemUTC()).sign(in, out, signer, choices.options(opaque));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "encrypt", mixinStandardHelpOptions = true,
            description = "Encrypt a message for one or more recipients (AES-256-CBC, RSA PKCS#1 v1.5 key transport by"
                    + " default; ECDH for EC certificates). With --sign-key, sign first (the signer also gets a copy).")
    static final class Encrypt implements Callable<Integer> {
        @Mixin
        Streams streams;

        @Mixin
        SecretOptions password;

        @Mixin
        SignChoices choices;

        @Option(names = "--to", paramLabel = "CERT", required = true,
                description = "Recipient certificate file (PEM or DER; repeatable).")
        List<Path> recipients = new ArrayList<>();

        @Option(names = "--cipher", paramLabel = "ALG", defaultValue = "aes256-cbc",
                description = "aes256-cbc (default), aes128-cbc, aes128-gcm or aes256-gcm (GCM: AuthEnvelopedData).")
        String cipher;

        @Option(names = "--oaep", description = "RSA-OAEP with SHA-256 key transport instead of PKCS#1 v1.5.")
        boolean oaep;

        @Option(names = "--sign-key", paramLabel = "FILE.p12",
                description = "Sign with this PKCS#12 key before encrypting.")
        Path signKey;

        @Override
        public Integer call() throws IOException {
            EncryptOptions.Cipher chosen = switch (cipher.toLowerCase(Locale.ROOT)) {
                case "aes256-cbc" -> EncryptOptions.Cipher.AES256_CBC;
                case "aes128-cbc" -> EncryptOptions.Cipher.AES128_CBC;
                case "aes128-gcm" -> EncryptOptions.Cipher.AES128_GCM;
                case "aes256-gcm" -> EncryptOptions.Cipher.AES256_GCM;
                default -> throw new CommandFailure("unknown --cipher " + cipher
                        + " (aes256-cbc, aes128-cbc, aes128-gcm or aes256-gcm)", ExitCodes.USAGE);
            };
            EncryptOptions options = new EncryptOptions(chosen, oaep ? EncryptOptions.RsaKeyTransport.OAEP_SHA256
                    : EncryptOptions.RsaKeyTransport.PKCS1);
            if (signKey == null && (choices.pss || choices.protectHeaders
                    || !choices.digest.equalsIgnoreCase("sha256"))) {
                throw new CommandFailure("--digest, --rsa-pss and --protect-headers need --sign-key", ExitCodes.USAGE);
            }
            List<X509Certificate> certs = SmimeFiles.certificates(recipients);
            SmimeIdentity signer = signKey == null ? null : signer(signKey, password);
            SmimeComposer composer = new SmimeComposer(Clock.systemUTC());
            try (InputStream in = SmimeFiles.in(streams.in); OutputStream out = SmimeFiles.out(streams.out)) {
                if (signer == null) {
                    composer.encrypt(in, out, certs, options);
                } else {
                    composer.signAndEncrypt(in, out, signer, choices.options(false), certs, options);
                }
            }
            return ExitCodes.OK;
        }
    }
}

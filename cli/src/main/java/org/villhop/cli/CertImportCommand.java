package org.villhop.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.villhop.pki.CertificateChains;
import org.villhop.pki.CertificateInfo;
import org.villhop.pki.Identity;
import org.villhop.pki.PemCodec;
import org.villhop.pki.PkiException;
import org.villhop.pki.PkiStore;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code villhop cert import}: an identity (PKCS#12, or PEM certificate + key), trust anchors, or a CRL. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import an identity, trust anchors or a CRL into DATA/pki.",
                "  a PKCS#12 file (.p12/.pfx)            -> identity (key + chain)",
                "  PEM/DER certificates or a .p7b + --key -> identity",
                "  CA certificates or a .p7b + --anchor   -> trust anchors",
                "  a CRL (PEM or DER, .crl)              -> DATA/pki/crls",
                "Keys are re-encrypted with the --password one; the input's own password is",
                "--in-password-file/--in-password-env when it differs."})
final class CertImportCommand extends CertCommand.PkiCall {
    @Mixin
    CertCommand.DataOption data;
    @Mixin
    SecretOptions password;
    @Mixin
    CertCommand.InputSecret inputPassword;

    @Parameters(paramLabel = "FILE", description = "The file to import.")
    Path file;
    @Option(names = "--key", paramLabel = "KEYFILE", description = "Private key (PEM or DER PKCS#8) for the certificate.")
    Path keyFile;
    @Option(names = "--anchor", description = "Trust the CA certificates of FILE as trust anchors (of a chain, its "
            + "root only: an intermediate whose issuer is in FILE too is skipped).")
    boolean anchor;
    @Option(names = "--alias", description = "Name of the identity (default: its first email, else DNS name, else CN).")
    String alias;
    @Option(names = "--replace", description = "Replace an identity of the same alias.")
    boolean replace;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    int execute() throws Exception {
        byte[] content = Files.readAllBytes(file);
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        PkiStore store = data.store();
        PrintWriter out = spec.commandLine().getOut();
        if (name.endsWith(".p12") || name.endsWith(".pfx")) {
            return importPkcs12(store, content, out);
        }
        if (name.endsWith(".crl") || PemCodec.looksLikeCrl(content)) {
            X509CRL crl = PemCodec.readCrl(content, file.toString());
            String crlName = name.replaceAll("\\.(crl|pem|der)$", "").replaceAll("[^a-z0-9@._-]", "-");
            out.println("imported CRL of " + crl.getIssuerX500Principal().getName() + " to "
                    + store.saveCrl(crlName.isEmpty() ? "imported" : crlName, crl));
            return ExitCodes.OK;
        }
        List<X509Certificate> certificates;
        try {
            certificates = PemCodec.readCertificates(content, file.toString());
        } catch (PkiException notCertificates) {
            if (PemCodec.isDer(content) && password.given()) {
                return importPkcs12(store, content, out);
            }
            throw notCertificates;
        }
        if (keyFile != null) {
            char[] keyPassword = inputPassword.file != null || inputPassword.env != null || password.given()
                    ? inputPassword.readOr(password) : null;
            PrivateKey key = PemCodec.readPrivateKey(Files.readAllBytes(keyFile), keyPassword, keyFile.toString());
            Identity loose = CertificateChains.identity("pending", key, certificates, file.toString());
            return save(store, new Identity(chosenAlias(loose.certificate()), key, loose.chain()), out);
        }
        if (anchor) {
            for (X509Certificate c : certificates) {
                if (c.getBasicConstraints() < 0) {
                    out.println("skipped (not a CA): " + c.getSubjectX500Principal().getName());
                    continue;
                }
                if (issuedByAnother(c, certificates)) {
                    out.println("skipped (intermediate CA; its issuer in this file is the anchor, so that the "
                            + "issuer's CRL still covers it): " + c.getSubjectX500Principal().getName());
                    continue;
                }
                out.println("trust anchor: " + c.getSubjectX500Principal().getName() + " -> " + store.addTrustAnchor(c));
            }
            return ExitCodes.OK;
        }
        throw new CommandFailure(file + ": holds " + certificates.size() + " certificate(s) and no private key: give"
                + " --key KEYFILE to import an identity, --anchor to trust CA certificates, or use 'villhop directory"
                + " import' for recipients' certificates");
    }

    /** True when {@code c} is not self-issued and its issuer's certificate is among {@code all}. */
    private static boolean issuedByAnother(X509Certificate c, List<X509Certificate> all) {
        if (c.getIssuerX500Principal().equals(c.getSubjectX500Principal())) {
            return false;
        }
        return all.stream().anyMatch(other -> other != c
                && other.getSubjectX500Principal().equals(c.getIssuerX500Principal()));
    }

    private int importPkcs12(PkiStore store, byte[] content, PrintWriter out) {
        char[] in = inputPassword.readOr(password);
        try {
            List<Identity> identities = store.pkcs12().read(content, in, file.toString());
            if (identities.size() > 1 && alias != null) {
                throw new CommandFailure(file + " holds " + identities.size() + " keys: --alias names only one;"
                        + " import without --alias");
            }
            for (Identity i : identities) {
                save(store, new Identity(chosenAlias(i.certificate()), i.privateKey(), i.chain()), out);
            }
            return ExitCodes.OK;
        } finally {
            Arrays.fill(in, '\0');
        }
    }

    private String chosenAlias(X509Certificate c) {
        return PkiStore.checkAlias(alias != null ? alias : CertificateChains.suggestedAlias(c));
    }

    private int save(PkiStore store, Identity identity, PrintWriter out) {
        char[] secret = password.read();
        try {
            store.saveIdentity(identity, secret, replace);
        } finally {
            Arrays.fill(secret, '\0');
        }
        CertificateInfo info = CertificateInfo.of(identity.certificate());
        out.println("imported identity '" + identity.alias() + "': " + info.subject() + " (chain of "
                + identity.chain().size() + ", SHA-256 " + info.sha256Fingerprint() + ")");
        return ExitCodes.OK;
    }
}

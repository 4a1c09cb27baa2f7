package org.villhop.smime;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

import org.villhop.trust.AlgorithmPolicy;
import org.villhop.trust.Certificates;

/**
 * Outbound S/MIME: signs, encrypts, or signs then encrypts a whole RFC 5322 message, stream to stream, in one pass.
 *
 * <pre>{@code
 * SmimeComposer composer = new SmimeComposer(clock);
 * composer.signAndEncrypt(messageIn, messageOut, signer, SignOptions.defaults(), recipientCerts, EncryptOptions.defaults());
 * }</pre>
 *
 * <p>The headers a relay needs (Message-ID, From, To, Cc, Date, Subject, Received, Return-Path and every other
 * non-{@code Content-*} header) stay on the outer message unchanged: no new Message-ID is ever minted. The content
 * headers and the body become the signed or encrypted entity (with header protection, the whole message, wrapped in
 * {@code message/rfc822}). Line ends are made canonical (CRLF). Memory use does not grow with the message size.
 * Instances are immutable and thread-safe.
 */
public final class SmimeComposer {
    private final CryptoProviders providers;
    private final CmsSigning signing;
    private final CmsEnveloping enveloping;
    private final AlgorithmPolicy policy;

    public SmimeComposer(Clock clock) {
        this(clock, new AlgorithmPolicy());
    }

    public SmimeComposer(Clock clock, AlgorithmPolicy policy) {
        this.providers = CryptoProviders.standard();
        this.signing = new CmsSigning(providers, clock);
        this.enveloping = new CmsEnveloping(providers);
        this.policy = policy;
    }

    /** What computes RSA signatures here: AWS-LC through its provider when it runs on this platform, else the JDK. */
    public String rsaSignatureProvider() {
        return providers.nativeRsa().map(NativeRsa::description).orElseGet(() -> providers.jdkRsa().getName()
                + " (the JDK's: AWS-LC " + (CryptoProviders.nativeRsaTurnedOff()
                        ? "turned off with -D" + CryptoProviders.AWS_LC_PROPERTY + "=off"
                        : "unavailable, " + NativeRsa.unavailableReason()) + ")");
    }

    /** Signs: detached {@code multipart/signed} by default, opaque signed-data when the options say so. */
    public void sign(InputStream message, OutputStream out, SmimeIdentity signer, SignOptions options)
            throws IOException {
        refuseWeak(signer.certificate());
        InputStream in = canonical(message);
        MimeHeaders headers = MimeHeaders.read(in);
        OutputStream buffered = new BufferedOutputStream(Mime.keepOpen(out), Mime.BUFFER);
        headers.envelopeHeaders().plus("MIME-Version", "1.0").writeFields(buffered);
        SevenBit safe = SevenBit.of(headers, in);
        new SignedEntityWriter(signing).write(entity(safe.headers(), safe.body(), options.headerProtection()),
                buffered, signer, options);
        buffered.flush();
    }

    /**
     * Encrypts for {@code recipients} (include the sender's own certificate for a sender copy): AES-256-CBC
     * EnvelopedData by default, AES-GCM AuthEnvelopedData on request.
     */
    public void encrypt(InputStream message, OutputStream out, List<X509Certificate> recipients,
            EncryptOptions options) throws IOException {
        recipients.forEach(this::refuseWeak);
        InputStream in = canonical(message);
        MimeHeaders headers = MimeHeaders.read(in);
        OutputStream buffered = new BufferedOutputStream(Mime.keepOpen(out), Mime.BUFFER);
        writeEnvelopedHeaders(headers, buffered, options);
        try (OutputStream base64 = Mime.base64(buffered);
                OutputStream content = enveloping.open(base64, recipients, options)) {
            entity(headers, in, false).writeTo(content);
        }
        buffered.flush();
    }

    /**
     * Signs, then encrypts the signed entity for the recipients and for the signer (sender copy), in one pass.
     * With header protection the signed entity is the whole original message in {@code message/rfc822}.
     */
    public void signAndEncrypt(InputStream message, OutputStream out, SmimeIdentity signer, SignOptions signOptions,
            List<X509Certificate> recipients, EncryptOptions encryptOptions) throws IOException {
        refuseWeak(signer.certificate());
        LinkedHashSet<X509Certificate> all = new LinkedHashSet<>(recipients);
        all.add(signer.certificate());
        all.forEach(this::refuseWeak);
        InputStream in = canonical(message);
        MimeHeaders headers = MimeHeaders.read(in);
        OutputStream buffered = new BufferedOutputStream(Mime.keepOpen(out), Mime.BUFFER);
        writeEnvelopedHeaders(headers, buffered, encryptOptions);
        try (OutputStream base64 = Mime.base64(buffered);
                OutputStream content = new BufferedOutputStream(
                        enveloping.open(base64, new ArrayList<>(all), encryptOptions), Mime.BUFFER)) {
            new SignedEntityWriter(signing).write(entity(headers, in, signOptions.headerProtection()), content,
                    signer, signOptions);
        }
        buffered.flush();
    }

    private static void writeEnvelopedHeaders(MimeHeaders headers, OutputStream out, EncryptOptions options)
            throws IOException {
        String type = options.cipher().authenticated() ? "authEnveloped-data" : "enveloped-data";
        headers.envelopeHeaders()
                .plus("MIME-Version", "1.0")
                .plus("Content-Type", "application/pkcs7-mime; smime-type=" + type + "; name=\"smime.p7m\"")
                .plus("Content-Transfer-Encoding", "base64")
                .plus("Content-Disposition", "attachment; filename=\"smime.p7m\"")
                .writeBlock(out);
    }

    /** The entity to protect: the content headers and body, or the whole message wrapped in message/rfc822. */
    private static MimeEntity entity(MimeHeaders headers, InputStream body, boolean headerProtection) {
        if (headerProtection) {
            MimeHeaders wrapper = new MimeHeaders(List.of(
                    MimeHeaders.Field.of("Content-Type", "message/rfc822; forwarded=no")));
            MimeHeaders inner = headers.get("MIME-Version").isPresent() ? headers
                    : headers.plus("MIME-Version", "1.0");
            return new MimeEntity(wrapper, out -> {
                inner.writeBlock(out);
                Mime.copy(body, out);
            });
        }
        MimeHeaders content = headers.contentHeaders();
        if (content.get("Content-Type").isEmpty()) {
            content = content.plus("Content-Type", "text/plain; charset=us-ascii");
        }
        return new MimeEntity(content, out -> Mime.copy(body, out));
    }

    private void refuseWeak(X509Certificate cert) {
        Optional<String> weak = policy.checkPublicKey(cert.getPublicKey());
        if (weak.isPresent()) {
            throw new IllegalArgumentException("refused: " + Certificates.name(cert) + " has " + weak.get());
        }
    }

    private static InputStream canonical(InputStream message) {
        return new BufferedInputStream(new CanonicalInputStream(message), Mime.BUFFER);
    }
}

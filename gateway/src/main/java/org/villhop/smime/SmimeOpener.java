package org.villhop.smime;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.mail.internet.ContentType;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSRuntimeException;
import org.bouncycastle.crypto.io.InvalidCipherTextIOException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataParser;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.villhop.trust.CertificateValidator;

/**
 * Inbound S/MIME: decrypts (with the right key among several) and verifies a whole message, stream to stream.
 *
 * <pre>{@code
 * SmimeOpener opener = new SmimeOpener(validator, clock);
 * SmimeVerdict verdict = opener.open(messageIn, openedOut, List.of(ourIdentity));
 * if (verdict.isValid()) { deliver(openedOut) } else { verdict.kind(), verdict.reason() }
 * }</pre>
 *
 * <p>The opened message keeps the outer headers (Message-ID, Received, ...) and carries the decrypted, verified entity;
 * with RFC 8551 header protection the signed inner message's headers replace the outer copies, and any outer header
 * that differs from its signed copy gives {@link SmimeVerdict.Kind#HEADER_MISMATCH}. Signed content is held in a
 * {@link SpillBuffer} (memory up to a threshold, then a temporary file), never whole in heap. Thread-safe.
 */
public final class SmimeOpener {
    private static final int DEFAULT_SPILL_THRESHOLD = 4 * 1024 * 1024;

    private final CryptoProviders providers;
    private final SignatureCheck signatureCheck;
    private final CmsDecryptor decryptor;
    private final int spillThreshold;
    private final Path tempDir;

    public SmimeOpener(CertificateValidator validator, Clock clock) {
        this(validator, clock, DEFAULT_SPILL_THRESHOLD, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** With the threshold (bytes) above which signed content goes to a temporary file in {@code tempDir}. */
    public SmimeOpener(CertificateValidator validator, Clock clock, int spillThreshold, Path tempDir) {
        this.providers = CryptoProviders.standard();
        this.signatureCheck = new SignatureCheck(validator, providers, clock);
        this.decryptor = new CmsDecryptor(providers, validator.policy());
        this.spillThreshold = spillThreshold;
        this.tempDir = tempDir;
    }

    /**
     * Decrypts the message if it is encrypted, verifies it if it is signed, and writes the opened message to
     * {@code out} (also when the verdict is not valid: the caller decides what to do with it). A message that is not
     * signed gives {@link SmimeVerdict.Kind#NOT_SIGNED}.
     *
     * @throws MalformedMessageException when the input is not readable MIME/CMS at all
     */
    public SmimeVerdict open(InputStream message, OutputStream out, List<SmimeIdentity> keys) throws IOException {
        InputStream in = canonical(message);
        MimeHeaders headers = MimeHeaders.read(in);
        MimeHeaders outer = headers.envelopeHeaders();
        ContentType type = Mime.contentType(headers);
        if (CmsContentType.isPkcs7Mime(type)) {
            BufferedInputStream cms = new BufferedInputStream(body(headers, in), Mime.BUFFER);
            CmsContentType kind = CmsContentType.of(type, cms);
            if (kind == CmsContentType.SIGNED_DATA) {
                return verifyOpaque(outer, cms, out, false);
            }
            CmsDecryptor.Result decrypted = decryptor.decrypt(cms, kind == CmsContentType.AUTH_ENVELOPED_DATA, keys);
            if (decrypted.refusal() != null) {
                return decrypted.refusal();
            }
            try (InputStream inner = canonical(decrypted.content())) {
                SmimeVerdict verdict = openDecrypted(outer, inner, out);
                inner.transferTo(OutputStream.nullOutputStream());
                return verdict;
            } catch (InvalidCipherTextIOException | CMSRuntimeException e) {
                return new SmimeVerdict(SmimeVerdict.Kind.DECRYPTION_FAILED, "decryption failed (the encrypted data"
                        + " was altered or the key does not fit): " + e.getMessage(), true, false, null, null);
            }
        }
        if (CmsContentType.isMultipartSigned(type)) {
            return verifyDetached(outer, type, in, out, false);
        }
        headers.writeBlock(out);
        Mime.copy(in, out);
        return new SmimeVerdict(SmimeVerdict.Kind.NOT_SIGNED, "the message is neither signed nor encrypted", false,
                false, null, null);
    }

    private SmimeVerdict openDecrypted(MimeHeaders outer, InputStream inner, OutputStream out) throws IOException {
        MimeHeaders entity = MimeHeaders.read(inner);
        ContentType type = Mime.contentType(entity);
        if (CmsContentType.isMultipartSigned(type)) {
            return verifyDetached(outer, type, inner, out, true);
        }
        if (CmsContentType.isPkcs7Mime(type)) {
            BufferedInputStream cms = new BufferedInputStream(body(entity, inner), Mime.BUFFER);
            if (CmsContentType.of(type, cms) == CmsContentType.SIGNED_DATA) {
                return verifyOpaque(outer, cms, out, true);
            }
            return new SmimeVerdict(SmimeVerdict.Kind.MALFORMED, "encrypted data inside encrypted data is not"
                    + " supported", true, false, null, null);
        }
        withMimeVersion(outer).plus(entity).writeBlock(out);
        Mime.copy(inner, out);
        return new SmimeVerdict(SmimeVerdict.Kind.NOT_SIGNED, "decrypted; the content is not signed", true, false,
                null, null);
    }

    private SmimeVerdict verifyDetached(MimeHeaders outer, ContentType type, InputStream body, OutputStream out,
            boolean encrypted) throws IOException {
        String boundary = type.getParameter("boundary");
        if (boundary == null) {
            throw new MalformedMessageException("multipart/signed without a boundary parameter");
        }
        String micalg = type.getParameter("micalg");
        SignOptions.Digest digest = micalg == null ? null : SignOptions.Digest.fromMicalg(micalg);
        MultipartSignedReader reader = new MultipartSignedReader(body, boundary);
        try (SpillBuffer content = new SpillBuffer(spillThreshold, tempDir)) {
            Map<Object, byte[]> digests = new HashMap<>();
            MessageDigest md = messageDigest(digest == null ? SignOptions.Digest.SHA256.oid() : digest.oid());
            try (OutputStream digesting = new DigestOutputStream(content.output(), md)) {
                reader.readSignedPart(digesting);
            }
            byte[] signature = reader.readSignature();
            reader.drain();
            CMSSignedData signed;
            try {
                putDigest(digests, digest == null ? SignOptions.Digest.SHA256.oid() : digest.oid(), md.digest());
                for (SignerInformation signer : new CMSSignedData(signature).getSignerInfos().getSigners()) {
                    ASN1ObjectIdentifier oid = signer.getDigestAlgorithmID().getAlgorithm();
                    if (!digests.containsKey(oid)) {
                        MessageDigest other = messageDigest(oid);
                        try (InputStream again = content.input();
                                OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), other)) {
                            again.transferTo(sink);
                        }
                        putDigest(digests, oid, other.digest());
                    }
                }
                signed = new CMSSignedData(digests, signature);
            } catch (CMSException | RuntimeException e) {
                throw new MalformedMessageException("the signature part is not CMS signed data: " + e.getMessage(), e);
            }
            return finish(outer, content, signed.getSignerInfos(), signed.getCertificates(), out, encrypted);
        }
    }

    private SmimeVerdict verifyOpaque(MimeHeaders outer, InputStream cms, OutputStream out, boolean encrypted)
            throws IOException {
        try (SpillBuffer content = new SpillBuffer(spillThreshold, tempDir)) {
            CMSSignedDataParser parser = new CMSSignedDataParser(
                    new JcaDigestCalculatorProviderBuilder().setProvider(providers.jdkDigest()).build(), cms);
            if (parser.getSignedContent() == null) {
                throw new MalformedMessageException("signed-data without content (detached signature alone)");
            }
            try (InputStream signedContent = parser.getSignedContent().getContentStream()) {
                Mime.copy(signedContent, content.output());
            }
            return finish(outer, content, parser.getSignerInfos(), certificates(parser), out, encrypted);
        } catch (CMSException | OperatorCreationException e) {
            throw new MalformedMessageException("not readable CMS signed data: " + e.getMessage(), e);
        }
    }

    /** Judges the signature on the spilled entity and writes the opened message. */
    private SmimeVerdict finish(MimeHeaders outer, SpillBuffer content,
            org.bouncycastle.cms.SignerInformationStore signers,
            org.bouncycastle.util.Store<org.bouncycastle.cert.X509CertificateHolder> certs, OutputStream out,
            boolean encrypted) throws IOException {
        try (InputStream entityIn = content.input()) {
            MimeHeaders entity = MimeHeaders.read(entityIn);
            boolean wrapped = Mime.contentType(entity).getBaseType().equalsIgnoreCase("message/rfc822");
            MimeHeaders inner = wrapped ? MimeHeaders.read(entityIn) : null;
            MimeHeaders effective = wrapped ? inner : outer;
            SmimeVerdict verdict = signatureCheck.check(signers, certs, HeaderProtection.senders(effective),
                    encrypted);
            if (wrapped && verdict.isValid()) {
                verdict = HeaderProtection.compare(outer, inner, verdict);
            }
            if (wrapped) {
                outer.filter(f -> inner.get(f.name()).isEmpty()).plus(inner).writeBlock(out);
            } else {
                withMimeVersion(outer).plus(entity).writeBlock(out);
            }
            Mime.copy(entityIn, out);
            return verdict;
        }
    }

    /** BouncyCastle's parser returns a raw Store; it holds certificate holders. */
    @SuppressWarnings("unchecked")
    private static org.bouncycastle.util.Store<org.bouncycastle.cert.X509CertificateHolder> certificates(
            CMSSignedDataParser parser) throws CMSException {
        return parser.getCertificates();
    }

    private static MimeHeaders withMimeVersion(MimeHeaders outer) {
        return outer.plus("MIME-Version", "1.0");
    }

    private static void putDigest(Map<Object, byte[]> digests, ASN1ObjectIdentifier oid, byte[] value) {
        digests.put(oid, value);
        digests.put(oid.getId(), value);
    }

    private MessageDigest messageDigest(ASN1ObjectIdentifier oid) throws MalformedMessageException {
        try {
            return MessageDigest.getInstance(oid.getId(), providers.jdkDigest());
        } catch (GeneralSecurityException e) {
            throw new MalformedMessageException("unsupported digest algorithm " + oid, e);
        }
    }

    private static InputStream body(MimeHeaders headers, InputStream in) {
        return Mime.transferEncoding(headers).equals("base64") ? Mime.unbase64(in) : in;
    }

    private static InputStream canonical(InputStream message) {
        return new BufferedInputStream(new CanonicalInputStream(message), Mime.BUFFER);
    }
}

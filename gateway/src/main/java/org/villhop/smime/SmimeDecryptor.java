package org.villhop.smime;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

import jakarta.mail.internet.ContentType;

import org.villhop.trust.AlgorithmPolicy;

/**
 * Removes only the encryption layer of a message (a signature inside stays as it is, for a later
 * {@link SmimeOpener#open}): the outer headers are kept, the decrypted entity replaces the encrypted body.
 * {@link SmimeVerdict.Kind#VALID} means decrypted. Thread-safe.
 */
public final class SmimeDecryptor {
    private final CmsDecryptor decryptor;

    public SmimeDecryptor() {
        this(new AlgorithmPolicy());
    }

    public SmimeDecryptor(AlgorithmPolicy policy) {
        this.decryptor = new CmsDecryptor(CryptoProviders.standard(), policy);
    }

    public SmimeVerdict decrypt(InputStream message, OutputStream out, List<SmimeIdentity> keys) throws IOException {
        InputStream in = new BufferedInputStream(new CanonicalInputStream(message), Mime.BUFFER);
        MimeHeaders headers = MimeHeaders.read(in);
        ContentType type = Mime.contentType(headers);
        if (!CmsContentType.isPkcs7Mime(type)) {
            return refuse("the message is not encrypted (Content-Type " + type.getBaseType() + ")");
        }
        InputStream body = Mime.transferEncoding(headers).equals("base64") ? Mime.unbase64(in) : in;
        BufferedInputStream cms = new BufferedInputStream(body, Mime.BUFFER);
        CmsContentType kind = CmsContentType.of(type, cms);
        if (kind == CmsContentType.SIGNED_DATA) {
            return refuse("the message is signed (opaque signed-data), not encrypted");
        }
        CmsDecryptor.Result result = decryptor.decrypt(cms, kind == CmsContentType.AUTH_ENVELOPED_DATA, keys);
        if (result.refusal() != null) {
            return result.refusal();
        }
        try (InputStream inner = new BufferedInputStream(new CanonicalInputStream(result.content()), Mime.BUFFER)) {
            headers.envelopeHeaders().plus("MIME-Version", "1.0").writeFields(out);
            Mime.copy(inner, out);
        } catch (org.bouncycastle.crypto.io.InvalidCipherTextIOException
                | org.bouncycastle.cms.CMSRuntimeException e) {
            return new SmimeVerdict(SmimeVerdict.Kind.DECRYPTION_FAILED, "decryption failed (the encrypted data was"
                    + " altered or the key does not fit): " + e.getMessage(), true, false, null, null);
        }
        return new SmimeVerdict(SmimeVerdict.Kind.VALID, "decrypted", true, false, null, null);
    }

    private static SmimeVerdict refuse(String reason) {
        return new SmimeVerdict(SmimeVerdict.Kind.MALFORMED, reason, false, false, null, null);
    }
}

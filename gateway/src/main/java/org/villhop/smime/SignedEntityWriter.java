package org.villhop.smime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

import org.bouncycastle.cms.CMSSignedDataStreamGenerator;

/**
 * Writes a signed MIME entity: {@code multipart/signed} (the content goes out once while it is digested, the signature
 * follows) or opaque {@code application/pkcs7-mime; smime-type=signed-data}.
 */
final class SignedEntityWriter {
    private final CmsSigning signing;

    SignedEntityWriter(CmsSigning signing) {
        this.signing = signing;
    }

    /** Writes the entity, its Content-Type header included, to {@code out}. */
    void write(MimeEntity content, OutputStream out, SmimeIdentity signer, SignOptions options) throws IOException {
        CMSSignedDataStreamGenerator generator = signing.generator(signer, options);
        if (options.opaque()) {
            out.write(Mime.ascii("Content-Type: application/pkcs7-mime; smime-type=signed-data; name=\"smime.p7m\"\r\n"
                    + "Content-Transfer-Encoding: base64\r\n"
                    + "Content-Disposition: attachment; filename=\"smime.p7m\"\r\n\r\n"));
            try (OutputStream base64 = Mime.base64(out);
                    OutputStream signed = generator.open(base64, true)) {
                content.writeTo(signed);
            }
            return;
        }
        String boundary = Mime.newBoundary();
        out.write(Mime.ascii("Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; micalg="
                + options.digest().micalg() + ";\r\n\tboundary=\"" + boundary + "\"\r\n\r\n"
                + "This is an S/MIME signed message.\r\n\r\n--" + boundary + "\r\n"));
        ByteArrayOutputStream signature = new ByteArrayOutputStream(4096);
        try (OutputStream digesting = generator.open(signature, false);
                OutputStream tee = new TeeOutputStream(out, digesting)) {
            content.writeTo(tee);
        }
        out.write(Mime.ascii("\r\n--" + boundary + "\r\n"
                + "Content-Type: application/pkcs7-signature; name=\"smime.p7s\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n"
                + "Content-Disposition: attachment; filename=\"smime.p7s\"\r\n\r\n"));
        try (OutputStream base64 = Mime.base64(out)) {
            signature.writeTo(base64);
        }
        out.write(Mime.ascii("--" + boundary + "--\r\n"));
    }
}

package org.villhop.smime;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.util.Locale;

import jakarta.mail.internet.ContentType;

/** Which CMS structure an {@code application/pkcs7-mime} body holds: from smime-type, else from its content type OID. */
enum CmsContentType {
    SIGNED_DATA, ENVELOPED_DATA, AUTH_ENVELOPED_DATA;

    private static final byte[] SIGNED_OID = {0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D,
        0x01, 0x07, 0x02};
    private static final byte[] ENVELOPED_OID = {0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D,
        0x01, 0x07, 0x03};
    private static final byte[] AUTH_ENVELOPED_OID = {0x06, 0x0B, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7,
        0x0D, 0x01, 0x09, 0x10, 0x01, 0x17};

    static boolean isPkcs7Mime(ContentType type) {
        String base = type.getBaseType().toLowerCase(Locale.ROOT);
        return base.equals("application/pkcs7-mime") || base.equals("application/x-pkcs7-mime");
    }

    static boolean isMultipartSigned(ContentType type) {
        return type.getBaseType().equalsIgnoreCase("multipart/signed");
    }

    /** Decides from the header parameter or, when absent or unknown, from the first bytes of {@code cms}. */
    static CmsContentType of(ContentType type, BufferedInputStream cms) throws IOException {
        String smimeType = type.getParameter("smime-type");
        if (smimeType != null) {
            switch (smimeType.toLowerCase(Locale.ROOT)) {
                case "signed-data" -> {
                    return SIGNED_DATA;
                }
                case "enveloped-data" -> {
                    return ENVELOPED_DATA;
                }
                case "authenveloped-data" -> {
                    return AUTH_ENVELOPED_DATA;
                }
                default -> {
                    // sniff below
                }
            }
        }
        cms.mark(64);
        byte[] head = cms.readNBytes(40);
        cms.reset();
        if (contains(head, SIGNED_OID)) {
            return SIGNED_DATA;
        }
        if (contains(head, ENVELOPED_OID)) {
            return ENVELOPED_DATA;
        }
        if (contains(head, AUTH_ENVELOPED_OID)) {
            return AUTH_ENVELOPED_DATA;
        }
        throw new MalformedMessageException("application/pkcs7-mime body is neither signed nor enveloped CMS data");
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}

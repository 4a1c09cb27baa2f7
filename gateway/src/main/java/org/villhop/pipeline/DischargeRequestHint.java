package org.villhop.pipeline;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.MimeConfig;
import org.villhop.pack.message.DischargeMessageComposer;

/**
 * Tells from the header section alone that a message carries no discharge request, so that the full MIME parse of
 * the discharge-pack composer is spent only on messages that may carry one. A request is a leaf entity of the
 * request media type or whose file name ends in the request suffix: a message that is not multipart carries one only
 * when the message itself is such a leaf. The header fields are read with mime4j, as the composer reads them.
 */
final class DischargeRequestHint {
    private static final int MAX_HEADER = 256 * 1024;

    private DischargeRequestHint() {
    }

    /**
     * False when the message certainly carries no discharge request; true when it is multipart, is itself a
     * request, or its header section is too large or unreadable to tell (the composer then decides).
     */
    static boolean mayCarryRequest(InputStream message) throws IOException {
        byte[] header = headerSection(new BufferedInputStream(message, 8 * 1024));
        if (header == null) {
            return true;
        }
        DefaultMessageBuilder builder = new DefaultMessageBuilder();
        builder.setMimeEntityConfig(MimeConfig.PERMISSIVE);
        Message parsed = builder.parseMessage(new ByteArrayInputStream(header));
        try {
            String type = parsed.getMimeType() == null ? "" : parsed.getMimeType().toLowerCase(Locale.ROOT);
            String filename = parsed.getFilename();
            return type.startsWith("multipart/")
                    || DischargeMessageComposer.REQUEST_MEDIA_TYPE.equalsIgnoreCase(type)
                    || (filename != null && filename.toLowerCase(Locale.ROOT)
                    .endsWith(DischargeMessageComposer.REQUEST_FILE_SUFFIX));
        } finally {
            parsed.dispose();
        }
    }

    /** The header section up to and including its blank line (one is added at the end of input), or null if huge. */
    private static byte[] headerSection(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        int previous = -1;
        int lineLength = 0;
        int b;
        while ((b = in.read()) >= 0) {
            out.write(b);
            if (b == '\n') {
                boolean blank = lineLength == 0 || (lineLength == 1 && previous == '\r');
                if (blank) {
                    return out.toByteArray();
                }
                lineLength = 0;
            } else {
                lineLength++;
            }
            previous = b;
            if (out.size() > MAX_HEADER) {
                return null;
            }
        }
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }
}

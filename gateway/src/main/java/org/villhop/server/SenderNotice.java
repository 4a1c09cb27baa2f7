package org.villhop.server;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A short, non-clinical notice to the sender of a message the gateway relayed but must say something about (why no
 * copy went to the patient). It comes from the null sender with {@code Auto-Submitted: auto-generated}, so nobody
 * answers it automatically, and is threaded to the original message.
 */
final class SenderNotice {
    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT);

    private SenderNotice() {
    }

    /**
     * @param sender            the original envelope sender, who receives the notice
     * @param originalMessageId the original Message-ID (with brackets), or null
     * @param notices           what to tell, one paragraph each (UTF-8 text)
     */
    static InputStream compose(String sender, String originalMessageId, List<String> notices, Clock clock) {
        String domain = sender.substring(sender.indexOf('@') + 1);
        StringBuilder m = new StringBuilder();
        m.append("From: villhop <postmaster@").append(domain).append(">\r\n");
        m.append("To: <").append(sender).append(">\r\n");
        m.append("Subject: villhop: about your message").append(originalMessageId == null ? ""
                : " " + originalMessageId).append("\r\n");
        m.append("Date: ").append(DATE.format(clock.instant().atZone(ZoneOffset.UTC))).append("\r\n");
        m.append("Message-ID: <").append(UUID.randomUUID()).append("@").append(domain).append(">\r\n");
        if (originalMessageId != null) {
            m.append("In-Reply-To: ").append(originalMessageId).append("\r\n");
            m.append("References: ").append(originalMessageId).append("\r\n");
        }
        m.append("Auto-Submitted: auto-generated\r\n");
        m.append("MIME-Version: 1.0\r\n");
        m.append("Content-Type: text/plain; charset=UTF-8\r\n");
        m.append("Content-Transfer-Encoding: 8bit\r\n\r\n");
        m.append("Your message was sent. Please note:\r\n");
        for (String notice : notices) {
            m.append("\r\n- ").append(notice.replace("\r", "").replace("\n", "\r\n  ")).append("\r\n");
        }
        return new ByteArrayInputStream(m.toString().getBytes(StandardCharsets.UTF_8));
    }
}

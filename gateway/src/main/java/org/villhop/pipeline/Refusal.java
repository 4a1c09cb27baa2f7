package org.villhop.pipeline;

/**
 * A recipient the pipeline will not deliver to, for good: the message bounces for that recipient with this status.
 *
 * @param status an RFC 3463 status code, 5.x.x ("5.7.1")
 * @param detail a precise human-readable reason, shown in the failure DSN
 */
public record Refusal(String status, String detail) {
    public Refusal {
        if (status == null || !status.startsWith("5.")) {
            throw new IllegalArgumentException("a refusal is permanent: status 5.x.x, not " + status);
        }
    }
}

package org.villhop.config;

import java.time.Duration;

/**
 * Resource limits of the SMTP server and the delivery client.
 *
 * @param messageSize              largest accepted message, bytes (announced with SIZE)
 * @param recipientsPerMessage     most RCPT TO per transaction
 * @param commandTimeout           idle time allowed between commands (and per reply, for the client)
 * @param dataTimeout              idle time allowed during DATA (and for the final reply, for the client)
 * @param connectionsTotal         simultaneous inbound connections
 * @param connectionsPerIp         simultaneous inbound connections from one address
 * @param authFailuresBeforeDelay  failed AUTH attempts from one address before replies are slowed down
 */
public record Limits(long messageSize, int recipientsPerMessage, Duration commandTimeout, Duration dataTimeout,
                     int connectionsTotal, int connectionsPerIp, int authFailuresBeforeDelay) {
}

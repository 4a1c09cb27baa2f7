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
 * @param authFailuresBeforeDelay  failed AUTH attempts from one address before each further failure is answered
 *                                 after a delay (1 s, doubling up to 30 s)
 * @param authFailuresPerUser      failed AUTH attempts for one user name from one address before AUTH as that user
 *                                 from that address is refused for the rest of the window
 * @param authFailuresPerAddress   failed AUTH attempts from one address, any user names, before every AUTH from it is
 *                                 refused for the rest of the window
 * @param authFailureWindow        how long a failed AUTH attempt counts
 * @param inflowBacklog            accepted messages waiting for their first delivery attempt beyond which a new
 *                                 SMTP transaction is held back (like Postfix's in_flow_delay)
 * @param inflowDelay              the longest a new transaction is held back ({@link Duration#ZERO}: never)
 */
public record Limits(long messageSize, int recipientsPerMessage, Duration commandTimeout, Duration dataTimeout,
                     int connectionsTotal, int connectionsPerIp, int authFailuresBeforeDelay, int authFailuresPerUser,
                     int authFailuresPerAddress, Duration authFailureWindow, int inflowBacklog, Duration inflowDelay) {
}

package org.villhop.receipts;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A request to acknowledge a message received by an automatic service mailbox.
 *
 * @param original       the received message as stored (decrypted when villhop holds the service's key)
 * @param serviceAddress the service mailbox that processed it: the MDN's From and Final-Recipient
 * @param reportingUa    the Reporting-UA field ({@code "<host>; <product>"})
 * @param returnPath     the original's envelope sender (its Return-Path), when the caller knows it; otherwise the
 *                       Return-Path header of {@code original} is used
 * @param outcome        processed, or an integration error
 */
public record MdnRequest(Path original, String serviceAddress, String reportingUa, Optional<String> returnPath,
                         MdnOutcome outcome) {
}

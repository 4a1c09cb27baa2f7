package org.villhop.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

import org.villhop.policy.HeaderBlock;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * The envelope sender given to a message fetched from an operator mailbox, which has no SMTP envelope of its own: the
 * address of its Return-Path (what the operator's MTA recorded as MAIL FROM), else of its From, else the null sender
 * (a Return-Path of {@code <>} also means the null sender: a bounce or receipt, which must never be answered). With it
 * a delivery failure inside villhop produces a DSN to the real sender, and the message is tracked like SMTP mail.
 */
final class FetchedSender {
    private FetchedSender() {
    }

    static String of(InputStream message) throws IOException {
        HeaderBlock headers;
        try {
            headers = HeaderBlock.read(message);
        } catch (HeaderBlock.HeaderTooLargeException e) {
            return "";
        }
        List<String> returnPath = headers.values("Return-Path");
        if (!returnPath.isEmpty()) {
            String value = returnPath.getFirst().strip();
            if (value.equals("<>")) {
                return "";
            }
            Optional<String> address = address(value);
            if (address.isPresent()) {
                return address.get();
            }
        }
        List<String> from = headers.values("From");
        return from.isEmpty() ? "" : address(from.getFirst()).orElse("");
    }

    /** The first address of a header value, when it is a well-formed addr-spec with a domain. */
    private static Optional<String> address(String value) {
        try {
            InternetAddress[] parsed = InternetAddress.parseHeader(value.strip(), false);
            if (parsed.length == 0) {
                return Optional.empty();
            }
            String address = parsed[0].getAddress();
            if (address == null || address.indexOf('@') < 1 || address.endsWith("@")) {
                return Optional.empty();
            }
            new InternetAddress(address, true);
            return Optional.of(address);
        } catch (AddressException e) {
            return Optional.empty();
        }
    }
}

package org.villhop.store;

/**
 * A mailbox's state. {@code specialUse} is the RFC 6154 attribute ({@code \Sent}...) or empty.
 */
public record MailboxInfo(String name, long uidValidity, long uidNext, int messages, int unseen, int deleted,
                          long size, boolean subscribed, String specialUse) {
}

package org.villhop.upstream;

/** What is done upstream with a message once villhop has durably accepted it. */
public enum AfterAccept {
    /** Mark it {@code \Seen} and with the keyword {@code $VillhopFetched}; it stays in the operator's mailbox. */
    FLAG,
    /** Mark it {@code \Deleted} and expunge it (UID EXPUNGE when the server has UIDPLUS). */
    DELETE
}

package org.villhop.upstream;

import java.util.Optional;

/**
 * A message fetched from an operator mailbox, as handed to the {@link InboundHandler}.
 *
 * @param account     the account name
 * @param folder      the folder it was in
 * @param uidValidity the folder's UIDVALIDITY
 * @param uid         its UID in the folder
 * @param messageId   its Message-ID (normalised, no angle brackets), when it has one
 * @param size        its size in octets as the server reports it (RFC822.SIZE; an estimate for some servers)
 */
public record FetchedMessage(String account, String folder, long uidValidity, long uid, Optional<String> messageId,
                             long size) {
    /**
     * A key naming this upstream message for ever ({@code upstream:<account>:<folder>:<uidvalidity>:<uid>}): an
     * {@link InboundHandler} that stores it with the message can answer {@link InboundHandler#hasAccepted}.
     */
    public String idempotencyKey() {
        return "upstream:" + account + ":" + folder + ":" + uidValidity + ":" + uid;
    }
}

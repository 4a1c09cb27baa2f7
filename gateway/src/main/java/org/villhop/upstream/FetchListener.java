package org.villhop.upstream;

import java.time.Duration;

/** What a fetcher reports, for the audit trail and logs (never secrets). All methods default to doing nothing. */
public interface FetchListener {
    default void connected(UpstreamAccount account, long uidValidity) {
    }

    /** The fetcher is waiting for new mail (IDLE, or a poll interval when the server has no IDLE). */
    default void waiting(UpstreamAccount account, boolean idle) {
    }

    default void accepted(UpstreamAccount account, FetchedMessage message) {
    }

    /** A message accepted earlier is now flagged or deleted upstream, as configured. */
    default void settled(UpstreamAccount account, FetchedMessage message) {
    }

    /** A message was not handed again: its UID or Message-ID was already accepted; it was flagged or deleted. */
    default void skippedDuplicate(UpstreamAccount account, FetchedMessage message, String reason) {
    }

    default void failed(UpstreamAccount account, Exception cause, Duration retryIn) {
    }
}

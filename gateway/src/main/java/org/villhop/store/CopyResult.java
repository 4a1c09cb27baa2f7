package org.villhop.store;

import java.util.List;

/** Source and destination UIDs, in the same order (for COPYUID). */
public record CopyResult(long destinationUidValidity, List<Long> sourceUids, List<Long> destinationUids) {

    public CopyResult {
        sourceUids = List.copyOf(sourceUids);
        destinationUids = List.copyOf(destinationUids);
    }
}

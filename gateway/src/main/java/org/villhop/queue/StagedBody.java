package org.villhop.queue;

import java.io.IOException;
import java.io.InputStream;

/**
 * A message body written to the spool but not yet part of the queue: policy may read it (for example its headers)
 * before {@link MessageQueue#commit} makes it durable and visible. Closing an uncommitted body deletes it.
 */
public interface StagedBody extends AutoCloseable {
    /** The body's size in bytes. */
    long size();

    /** Reads the staged body from its start. */
    InputStream open() throws IOException;

    /** Deletes the staged body unless it was committed. Never throws. */
    @Override
    void close();
}

package org.villhop.queue;

import java.io.IOException;
import java.nio.file.Path;

import org.villhop.storage.InlineBodies;

/** The queue contract again with every body in a file of its own (none kept in the database). */
class SqliteFileBodiesQueueTest implements MessageQueueContract {

    @Override
    public MessageQueue open(Path dir, SettableClock clock) throws IOException {
        return SqliteMessageQueue.open(dir, clock, InlineBodies.NONE);
    }
}

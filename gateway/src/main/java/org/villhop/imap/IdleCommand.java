package org.villhop.imap;

import java.io.IOException;
import java.net.SocketException;
import java.util.concurrent.Semaphore;

/**
 * IDLE (RFC 2177): while the client waits, a second virtual thread reports each change to the selected mailbox as
 * soon as the store announces it; the session's thread waits for DONE.
 */
final class IdleCommand {

    private final ImapSession session;
    private final ImapConnection out;

    IdleCommand(ImapSession session) {
        this.session = session;
        this.out = session.connection();
    }

    String run() throws IOException {
        SelectedMailbox box = session.hasSelected() ? session.selected() : null;
        Semaphore wake = new Semaphore(0);
        out.line("+ idling");
        session.syncSelected(true);
        out.flush();
        Thread reporter = null;
        if (box != null) {
            box.onChange(wake::release);
            reporter = Thread.ofVirtual().name("imap-idle").start(() -> report(box, wake));
        }
        out.unlock();
        String line;
        try {
            line = out.readLine(RawCommand.MAX_LINE);
        } finally {
            if (box != null) {
                box.onChange(() -> { });
                reporter.interrupt();
                try {
                    reporter.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            out.lock();
        }
        if (line == null) {
            throw new SocketException("connection closed during IDLE");
        }
        session.syncSelected(true);
        if (!line.equalsIgnoreCase("DONE")) {
            throw ImapException.bad("IDLE ended by something other than DONE");
        }
        return "OK IDLE terminated";
    }

    private void report(SelectedMailbox box, Semaphore wake) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                wake.acquire();
                wake.drainPermits();
                out.lock();
                try {
                    box.sync(out, true);
                    out.flush();
                } finally {
                    out.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The client went away; the session's thread sees the end of the stream and ends the session.
            return;
        }
    }
}

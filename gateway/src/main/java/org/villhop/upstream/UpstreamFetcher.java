package org.villhop.upstream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import javax.net.ssl.SSLContext;

import org.villhop.receipts.MessageIds;

import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;

import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.iap.ResponseHandler;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;

/**
 * Fetches one operator mailbox (the "IMAP relay"): connects over TLS, hands each new message to the
 * {@link InboundHandler} and, only once it is durably accepted, flags ({@code \Seen $VillhopFetched}) or deletes it
 * upstream. Waits for new mail with IDLE (renewed every {@code idleRefresh}), or polls when the server has no IDLE;
 * every EXISTS the server sends after a search began (in a later command's answer, or as the IDLE starts) leads to
 * another search at once, so a message that arrives just before the IDLE command is not left for the renewal;
 * reconnects after any failure with exponential backoff. Restart-safe through {@link UpstreamState}: a message is
 * handed once per (UIDVALIDITY, UID), and once per Message-ID, across crashes. Runs on one virtual thread.
 */
public final class UpstreamFetcher implements AutoCloseable {
    /** The keyword set upstream on every message villhop has accepted (FLAG mode). */
    public static final String FETCHED_KEYWORD = "$VillhopFetched";

    private final UpstreamAccount account;
    private final SSLContext ssl;
    private final UpstreamState state;
    private final Path spoolDir;
    private final FetchListener listener;
    private final MessageTaker taker;
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled on stop and when the server announces new mail; guarded by {@code lock}. */
    private final Condition wake = lock.newCondition();
    private boolean mailAnnounced;
    private volatile boolean running;
    private volatile IMAPFolder openFolder;
    private Thread thread;

    /**
     * @param ssl      trust anchors for the server (and the client key for certificate authentication); never
     *                 trust-all
     * @param spoolDir where a message is written while it is handed over (deleted after)
     */
    public UpstreamFetcher(UpstreamAccount account, SSLContext ssl, UpstreamState state, Path spoolDir,
                           InboundHandler handler, FetchListener listener) {
        this.account = account;
        this.ssl = ssl;
        this.state = state;
        this.spoolDir = spoolDir;
        this.listener = listener;
        this.taker = new MessageTaker(account, state, spoolDir, handler, listener);
    }

    public UpstreamAccount account() {
        return account;
    }

    /** Starts fetching in the background. */
    public void start() throws IOException {
        Files.createDirectories(spoolDir);
        lock.lock();
        try {
            if (thread != null) {
                throw new IllegalStateException(account + " already started");
            }
            running = true;
            thread = Thread.ofVirtual().name("upstream-" + account.name()).start(this::run);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops fetching and waits for the fetch thread (a message being handed over is finished first, so that its
     * outcome is recorded). Idempotent.
     */
    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stop() throws InterruptedException {
        Thread t;
        lock.lock();
        try {
            running = false;
            wake.signalAll();
            t = thread;
        } finally {
            lock.unlock();
        }
        if (t == null) {
            return;
        }
        // Any command from another thread ends an IDLE in progress; repeated because the fetch thread may enter IDLE
        // just after a poke.
        long deadline = System.nanoTime() + account.timeout().toNanos();
        while (t.isAlive() && System.nanoTime() < deadline) {
            IMAPFolder folder = openFolder;
            if (folder != null) {
                endIdle(folder);
            }
            t.join(Duration.ofMillis(200));
        }
        if (t.isAlive()) {
            IMAPFolder folder = openFolder;
            closeQuietly(folder == null ? null : folder.getStore());
            t.join(Duration.ofSeconds(5));
        }
    }

    private void run() {
        Duration backoff = account.minBackoff();
        while (running) {
            try {
                session();
                backoff = account.minBackoff();
            } catch (Exception e) {
                if (!running) {
                    break;
                }
                listener.failed(account, e, backoff);
                pause(backoff);
                Duration doubled = backoff.multipliedBy(2);
                backoff = doubled.compareTo(account.maxBackoff()) > 0 ? account.maxBackoff() : doubled;
            }
        }
    }

    private void session() throws Exception {
        Store store = ImapConnector.connect(account, ssl);
        try {
            IMAPFolder folder = (IMAPFolder) store.getFolder(account.folder());
            folder.open(Folder.READ_WRITE);
            openFolder = folder;
            long uidValidity = folder.getUIDValidity();
            listener.connected(account, uidValidity);
            boolean idle = ((IMAPStore) store).hasCapability("IDLE");
            boolean keywords = folder.getPermanentFlags().contains(Flags.Flag.USER);
            NewMailWatch watch = new NewMailWatch(folder.getMessageCount());
            folder.doCommand(protocol -> {
                protocol.addResponseHandler(watch);
                return null;
            });
            while (running) {
                setMailAnnounced(false);
                fetchNew(folder, uidValidity, keywords);
                if (!running) {
                    break;
                }
                if (mailAnnounced()) {
                    continue; // announced after the search began: search again before waiting
                }
                listener.waiting(account, idle);
                if (idle) {
                    idleOnce(folder);
                } else {
                    pause(account.pollInterval());
                }
            }
        } finally {
            openFolder = null;
            closeQuietly(store);
        }
    }

    /**
     * Notes every EXISTS the server sends on the folder's connection that raises the message count (called as Angus
     * reads it; EXPUNGE lowers the count, and a server that repeats an unchanged count wakes nothing). One that comes
     * while the IDLE command is being started (the server reports there what arrived since the last command, so after
     * the last search) does not end Angus's IDLE by itself: the IDLE's helper thread ends it.
     */
    private final class NewMailWatch implements ResponseHandler {
        private int count;

        NewMailWatch(int count) {
            this.count = count;
        }

        @Override
        public void handleResponse(Response response) {
            if (!(response instanceof IMAPResponse r)) {
                return;
            }
            if (r.keyEquals("EXISTS")) {
                boolean more;
                lock.lock();
                try {
                    more = r.getNumber() > count;
                    count = r.getNumber();
                } finally {
                    lock.unlock();
                }
                if (more) {
                    setMailAnnounced(true);
                }
            } else if (r.keyEquals("EXPUNGE")) {
                lock.lock();
                try {
                    count = Math.max(0, count - 1);
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    private void setMailAnnounced(boolean announced) {
        lock.lock();
        try {
            mailAnnounced = announced;
            if (announced) {
                wake.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private boolean mailAnnounced() {
        lock.lock();
        try {
            return mailAnnounced;
        } finally {
            lock.unlock();
        }
    }

    /**
     * One IDLE, ended by new mail (reported during the IDLE, or while it was being started), by a stop, or after
     * {@code idleRefresh} (RFC 2177 asks to renew it).
     */
    private void idleOnce(IMAPFolder folder) throws MessagingException {
        Thread renew = Thread.ofVirtual().start(() -> {
            boolean endNow = false;
            lock.lock();
            try {
                long nanos = account.idleRefresh().toNanos();
                while (running && !mailAnnounced && nanos > 0) {
                    nanos = wake.awaitNanos(nanos);
                }
                endNow = running;
            } catch (InterruptedException e) {
                // IDLE already over: nothing to end
            } finally {
                lock.unlock();
            }
            if (endNow && running) {
                endIdle(folder); // the fetch loop searches, then starts a new IDLE
            }
        });
        try {
            folder.idle(true);
        } finally {
            renew.interrupt();
        }
    }

    /**
     * Ends an IDLE in progress on {@code folder} from another thread (Angus sends DONE before any folder command),
     * sending no command itself. A folder not in IDLE is left alone.
     */
    private static void endIdle(IMAPFolder folder) {
        try {
            folder.doCommand(protocol -> null);
        } catch (MessagingException | IllegalStateException e) {
            // the connection is gone: the fetch loop notices and reconnects (or stops)
        }
    }

    private void fetchNew(IMAPFolder folder, long uidValidity, boolean keywords) throws Exception {
        String folderName = folder.getFullName();
        long last = state.lastUid(account.name(), folderName, uidValidity);
        Message[] messages = folder.getMessagesByUID(last + 1, UIDFolder.MAXUID);
        FetchProfile profile = new FetchProfile();
        profile.add(UIDFolder.FetchProfileItem.UID);
        profile.add(FetchProfile.Item.FLAGS);
        profile.add(FetchProfile.Item.SIZE);
        profile.add("Message-ID");
        folder.fetch(messages, profile);
        Message[] ordered = Arrays.stream(messages).filter(m -> m != null && !m.isExpunged())
                .sorted(Comparator.comparingLong(m -> uid(folder, m))).toArray(Message[]::new);
        for (Message m : ordered) {
            long uid = folder.getUID(m);
            if (!running) {
                return;
            }
            if (uid > last) {
                String[] ids = m.getHeader("Message-ID");
                Optional<String> messageId = ids == null || ids.length == 0 ? Optional.empty()
                        : MessageIds.normalise(ids[0]);
                taker.take(folder, m, new FetchedMessage(account.name(), folderName, uidValidity, uid, messageId,
                        m.getSize()), keywords);
            }
        }
    }

    private static long uid(IMAPFolder folder, Message m) {
        try {
            return folder.getUID(m);
        } catch (MessagingException e) {
            throw new UpstreamException("cannot read the UID of message " + m.getMessageNumber(), e);
        }
    }

    /** Waits {@code duration} or until stopped. */
    private void pause(Duration duration) {
        lock.lock();
        try {
            long nanos = duration.toNanos();
            while (running && nanos > 0) {
                nanos = wake.awaitNanos(nanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    private static void closeQuietly(Store store) {
        if (store == null) {
            return;
        }
        try {
            store.close();
        } catch (MessagingException e) {
            // closing a broken connection: nothing more to release
        }
    }
}

package org.villhop.server;

import java.io.IOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.villhop.audit.HashChainJournal;
import org.villhop.config.DeliverySetup;
import org.villhop.config.GatewayConfig;
import org.villhop.config.ListenerConfig;
import org.villhop.config.SecurityConfig;
import org.villhop.config.UserConfig;
import org.villhop.delivery.DeliveryAgent;
import org.villhop.delivery.DnsMxResolver;
import org.villhop.delivery.DsnComposer;
import org.villhop.delivery.RouteResolver;
import org.villhop.imap.ImapServer;
import org.villhop.policy.AcceptancePolicy;
import org.villhop.policy.PeerCertificatePolicy;
import org.villhop.quarantine.QuarantineStore;
import org.villhop.queue.MessageQueue;
import org.villhop.queue.QueuedMessage;
import org.villhop.queue.SqliteMessageQueue;
import org.villhop.receipts.IntegrationErrorMail;
import org.villhop.receipts.MdnComposer;
import org.villhop.receipts.TrackingStore;
import org.villhop.smtp.QueueingHandler;
import org.villhop.smtp.SmtpServer;
import org.villhop.store.SqliteMailboxStore;
import org.villhop.users.UserDirectory;

/**
 * The whole gateway built from a {@link GatewayConfig}: SMTP listeners → durable queue → delivery scheduler →
 * pipelines (outbound: trust space → discharge pack → sign + encrypt; inbound: decrypt + verify) → the delivery
 * agent, or the mailbox store for local recipients (served by the IMAP listeners), with the audit journal.
 * {@link #start} binds every listener and starts delivering; {@link #close} stops cleanly (listeners first, then
 * in-flight deliveries finish or are released for the next start). One gateway per data directory (a lock file
 * guards it); a start releases the leases a crashed predecessor left, so its work resumes at once.
 */
public final class Gateway implements java.io.Closeable {
    /** A listener as bound: its name, kind (mx, submission, submissions), address and actual port. */
    public record BoundListener(String name, String kind, String address, int port) {
    }

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<SmtpServer> servers = new ArrayList<>();
    private final List<BoundListener> bound = new ArrayList<>();
    private final List<ImapServer> imapServers = new ArrayList<>();
    private final List<BoundListener> imapBound = new ArrayList<>();
    private Pipelines pipelines;
    private MessageQueue queue;
    private DeliveryScheduler scheduler;

    private Gateway() {
    }

    /**
     * Builds and starts everything.
     *
     * @param log where operational messages go (one line each; never secrets)
     * @throws GatewayException with a precise reason when something cannot start; whatever was started is closed
     */
    public static Gateway start(GatewayConfig config, GatewayOptions options, Consumer<String> log)
            throws GatewayException {
        Path data = config.dataDir();
        Path spool = data.resolve("tmp");
        Gateway gateway = new Gateway();
        try {
            gateway.open(config, options, log, spool);
            return gateway;
        } catch (GatewayException e) {
            gateway.closeQuietly(log);
            throw e;
        } catch (BindException e) {
            gateway.closeQuietly(log);
            throw new GatewayException("cannot listen: " + e.getMessage(), e);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            gateway.closeQuietly(log);
            throw new GatewayException("cannot start: " + e.getMessage(), e);
        }
    }

    private void open(GatewayConfig config, GatewayOptions options, Consumer<String> log, Path spool) throws IOException, GeneralSecurityException, GatewayException {
        Path data = config.dataDir();
        resources.add(DataLock.take(data));
        var clock = options.clock();
        SqliteMessageQueue q = SqliteMessageQueue.open(data.resolve("queue"), clock);
        resources.add(q);
        queue = q;
        for (QueuedMessage m : q.list()) {
            q.release(m.id());
        }
        HashChainJournal audit = HashChainJournal.open(data.resolve("audit"), clock,
                problem -> log.accept("audit: " + problem));
        resources.add(audit);
        SentLog sentLog = SentLog.open(data.resolve("queue"));
        resources.add(sentLog);
        int recovered = sentLog.replay(q, audit);
        if (recovered > 0) {
            log.accept("queue: " + recovered + " recipient(s) delivered just before a crash recorded as sent");
        }
        UserDirectory users = Users.load(config.users(), clock);
        AcceptancePolicy policy = new AcceptancePolicy(new HashSet<>(config.localDomains()),
                users::anyUserSendsAs, users, config.security().tamperRule());
        RouteResolver routes = DeliverySetup.routes(config, options.mx() == null ? DnsMxResolver.system()
                : options.mx());
        Files.createDirectories(spool);
        pipelines = Pipelines.build(config, options.pkiPasswordFile(), spool, clock, log);
        DeliveryAgent agent = new DeliveryAgent(DeliverySetup.clientSettings(config,
                DeliverySetup.tlsClientMaterial(config, pipelines.tlsTrust), pipelines.tlsTrust), routes, clock);
        resources.add(agent);
        TrackingStore tracking = TrackingStore.open(TrackingStore.fileIn(data), clock);
        resources.add(tracking);
        SentTracking sentTracking = new SentTracking(tracking, log);
        resources.add(sentTracking);
        OutcomeRecorder recorder = new OutcomeRecorder(q, config.delivery().retry(),
                new DsnComposer(config.hostname(), clock), audit, spool, clock, sentTracking, sentLog);
        SqliteMailboxStore mailboxes = SqliteMailboxStore.open(data.resolve("mailboxes"), clock);
        resources.add(mailboxes);
        Set<String> routed = config.delivery().routes().stream().map(r -> r.domain()).collect(Collectors.toSet());
        MessageDelivery delivery = new MessageDelivery(q, List.of(
                new MessageDelivery.Leg("inbound", a -> policy.isLocal(a) && !routed.contains(domainOf(a)),
                        address -> "local", pipelines.inbound, new ReceiptTrackingTransport(
                                new AutomaticReceipts(new StoreTransport(mailboxes, users, clock),
                                        automaticAddresses(config), new MdnComposer(clock, spool),
                                        new IntegrationErrorMail(clock, spool), q,
                                        config.hostname() + "; villhop", spool, log, this::deliverNow),
                                tracking, log)),
                new MessageDelivery.Leg("inbound", policy::isLocal, address -> "local", pipelines.inbound,
                        new ReceiptTrackingTransport(agent::deliver, tracking, log)),
                new MessageDelivery.Leg("outbound", address -> true, pipelines.protect::group, pipelines.outbound,
                        agent::deliver)),
                recorder, new SubmissionSentCopy(mailboxes, config.users().stream().filter(UserConfig::sentCopy)
                        .map(UserConfig::name).collect(Collectors.toSet()), q, log), clock,
                new QuarantineHold(new QuarantineStore(QuarantineStore.dirIn(data), clock), audit));
        InflowThrottle throttle = new InflowThrottle(config.limits().inflowBacklog(), config.limits().inflowDelay());
        scheduler = new DeliveryScheduler(q, delivery, agent::closeIdleConnections, throttle::attempted, clock, options,
                log);
        resources.add(scheduler);
        PeerCertificatePolicy peers = new PeerCertificatePolicy(config.security()::inTrustSpace,
                config.security().peerCertificate() == SecurityConfig.PeerCertificate.REQUIRED, pipelines.validator,
                config.security()::peerNamesFor, clock);
        var handler = new WakingHandler(new TrustSpacePeerHandler(new QueueingHandler(users, policy, q, audit,
                pipelines.submissionCheck), peers), scheduler::wake, throttle);
        for (SmtpServer server : Listeners.build(config, handler, clock, options.portOverride(),
                pipelines.tlsTrust)) {
            try {
                server.start();
            } catch (BindException e) {
                throw new GatewayException("cannot listen on " + server.options().bindAddress().getHostAddress() + ":"
                        + server.options().port() + " (listener " + server.options().name() + "): " + e.getMessage(),
                        e);
            }
            servers.add(server);
            resources.add(server);
            bound.add(new BoundListener(server.options().name(), config.listeners().stream()
                    .filter(l -> !l.kind().imap()).toList().get(bound.size()).kind().configName(), server.options().bindAddress().getHostAddress(), server.port()));
        }
        for (ImapServer imap : ImapListeners.build(config, mailboxes, users, audit, clock, spool,
                options.portOverride(), pipelines.tlsTrust)) {
            ListenerConfig listener = config.listeners().stream().filter(l -> l.kind().imap())
                    .skip(imapServers.size()).findFirst().orElseThrow();
            try {
                imap.start();
            } catch (BindException e) {
                throw new GatewayException("cannot listen on " + listener.address() + ":" + listener.port()
                        + " (listener " + listener.name() + "): " + e.getMessage(), e);
            }
            imapServers.add(imap);
            resources.add(imap);
            imapBound.add(new BoundListener(listener.name(), listener.kind().configName(), listener.address(),
                    imap.port()));
        }
        scheduler.start();
        resources.add(UpstreamFetchers.start(config, options.pkiPasswordFile(), q, audit, scheduler::wake,
                pipelines.tlsTrust, clock, log));
    }

    /** The addresses of the users marked {@code automatic-receipts}, lower case. */
    private static Set<String> automaticAddresses(GatewayConfig config) {
        return config.users().stream().filter(UserConfig::automaticReceipts)
                .flatMap(u -> u.addresses().stream()).map(a -> a.toLowerCase(java.util.Locale.ROOT))
                .collect(Collectors.toSet());
    }

    private static String domainOf(String address) {
        return address.substring(address.lastIndexOf('@') + 1).toLowerCase(java.util.Locale.ROOT);
    }

    /** The listeners as bound: SMTP ones, then IMAP ones, each in configuration order. */
    public List<BoundListener> listeners() {
        List<BoundListener> all = new ArrayList<>(bound);
        all.addAll(imapBound);
        return List.copyOf(all);
    }

    /** The port of the listener of that name. */
    public int port(String listenerName) {
        return listeners().stream().filter(b -> b.name().equals(listenerName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no listener named " + listenerName)).port();
    }

    /** The outbound pipeline's content stages, in order. */
    public List<String> outboundStages() {
        return pipelines == null ? List.of() : pipelines.outbound.stageNames();
    }

    /** The inbound pipeline's content stages, in order. */
    public List<String> inboundStages() {
        return pipelines == null ? List.of() : pipelines.inbound.stageNames();
    }

    /** How many S/MIME identities (signing and decryption keys) the gateway holds now (the data directory's). */
    public int identities() {
        return pipelines == null ? 0 : pipelines.keys.size();
    }

    /** The queue (for status and tests). */
    public MessageQueue queue() {
        return queue;
    }

    /** Wakes the delivery loop (after a queue change made outside the listeners). */
    public void deliverNow() {
        if (scheduler != null) {
            scheduler.wake();
        }
    }

    /**
     * Stops: listeners close first (no new message), in-flight deliveries get the grace period, then the delivery
     * agent, queue and journal close.
     */
    @Override
    public void close() throws IOException {
        Exception first = null;
        boolean interrupted = false;
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        resources.clear();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (first instanceof IOException io) {
            throw io;
        }
        if (first instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (first != null) {
            throw new IOException("while stopping: " + first.getMessage(), first);
        }
    }

    private void closeQuietly(Consumer<String> log) {
        try {
            close();
        } catch (Exception e) {
            log.accept("while stopping: " + e.getMessage());
        }
    }
}

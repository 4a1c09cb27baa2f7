package org.villhop.delivery;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends a message to its recipients' next hops and says, for each recipient, whether it was delivered, deferred or
 * failed, with the peer's reply. Thread-safe: call {@link #deliver} from as many (virtual) threads as you like; the
 * per-destination connection limit and connection reuse are shared. Close to end the kept connections.
 */
public final class DeliveryAgent implements AutoCloseable {
    private final SmtpClientSettings settings;
    private final RouteResolver routes;
    private final Clock clock;
    private final ConnectionPool pool;

    /**
     * @throws IllegalArgumentException when a route names a client identity the settings do not hold
     */
    public DeliveryAgent(SmtpClientSettings settings, RouteResolver routes, Clock clock) {
        for (String identity : routes.clientIdentities()) {
            if (!settings.clientIdentities().containsKey(identity)) {
                throw new IllegalArgumentException("a route presents client identity '" + identity
                        + "', which is not configured");
            }
        }
        this.settings = settings;
        this.routes = routes;
        this.clock = clock;
        this.pool = new ConnectionPool(settings.maxConnectionsPerDestination(), settings.idleTimeout(), clock);
    }

    /**
     * One delivery attempt for every recipient of the envelope. Recipients whose domains share the same next hops
     * go in one transaction. Blocks while the destination's connection limit is reached.
     *
     * @return one outcome per envelope recipient, in envelope order
     */
    public List<RecipientOutcome> deliver(OutboundMessage message) throws InterruptedException {
        Map<RouteDecision, List<Recipient>> byRoute = new LinkedHashMap<>();
        Map<String, RouteDecision> decisions = new HashMap<>();
        for (Recipient r : message.envelope().recipients()) {
            RouteDecision decision = decisions.computeIfAbsent(r.domain(), routes::resolve);
            byRoute.computeIfAbsent(decision, d -> new ArrayList<>()).add(r);
        }
        Map<Recipient, RecipientOutcome> outcomes = new HashMap<>();
        for (Map.Entry<RouteDecision, List<Recipient>> group : byRoute.entrySet()) {
            List<RecipientOutcome> results = switch (group.getKey()) {
                case RouteDecision.Hops hops -> attempt(message, group.getValue(), hops.destinations());
                case RouteDecision.Unroutable no -> group.getValue().stream().map(r -> RecipientOutcome.local(r,
                        no.permanent() ? RecipientOutcome.Result.FAILED : RecipientOutcome.Result.DEFERRED,
                        no.status(), no.detail(), null, clock.instant())).toList();
            };
            results.forEach(o -> outcomes.put(o.recipient(), o));
        }
        return message.envelope().recipients().stream().map(outcomes::get).toList();
    }

    /** Tries each hop in order until one takes the transaction; when none can be reached, defers everyone. */
    private List<RecipientOutcome> attempt(OutboundMessage message, List<Recipient> recipients,
                                           List<Destination> hops) throws InterruptedException {
        List<String> failures = new ArrayList<>();
        ConnectionFailure last = null;
        for (Destination hop : hops) {
            pool.acquire(hop);
            try {
                SmtpConnection connection = pool.takeIdle(hop);
                if (connection != null && !connection.prepareForReuse()) {
                    connection.close();
                    connection = null;
                }
                if (connection == null) {
                    connection = SmtpConnection.open(hop, settings, clock);
                }
                List<RecipientOutcome> results = new SmtpTransaction(connection, clock).send(message, recipients);
                pool.giveBack(connection);
                return results;
            } catch (ConnectionFailure f) {
                last = f;
                failures.add(f.getMessage());
            } finally {
                pool.release(hop);
            }
        }
        String detail = failures.size() == 1 ? failures.getFirst() : String.join("; ", failures);
        String status = last.status();
        String remote = last.reply() == null ? null : hops.getLast().host();
        return recipients.stream().map(r -> new RecipientOutcome(r, RecipientOutcome.Result.DEFERRED,
                status.startsWith("5") ? "4" + status.substring(1) : status, detail, remote, null, false,
                clock.instant())).toList();
    }

    /** Closes connections idle for longer than the idle timeout; call periodically from the queue runner. */
    public void closeIdleConnections() {
        pool.closeExpired();
    }

    @Override
    public void close() {
        pool.close();
    }
}

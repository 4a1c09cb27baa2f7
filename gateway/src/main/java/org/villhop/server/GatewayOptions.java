package org.villhop.server;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import org.villhop.delivery.MxResolver;

/**
 * How a {@link Gateway} runs, beyond its configuration.
 *
 * @param clock              time for the queue, retries, DSNs and the audit journal
 * @param lease              how long a claimed message stays hidden from other claims (a crashed gateway's work
 *                           comes back after it; a clean start releases every lease at once)
 * @param maxInFlight        messages delivered at the same time
 * @param pollInterval       the longest the scheduler sleeps before looking for due messages again
 * @param shutdownGrace      how long in-flight deliveries may take to finish on close before they are interrupted
 * @param mx                 the MX resolver, or null for the system's DNS resolvers
 * @param pkiPasswordFile    the password file of the data directory's private keys, or null for
 *                           {@code tls.keystore-password-file}
 * @param portOverride       when >= 0, every listener binds this port instead of its configured one (0: the system
 *                           chooses; for tests)
 */
public record GatewayOptions(Clock clock, Duration lease, int maxInFlight, Duration pollInterval,
                             Duration shutdownGrace, MxResolver mx, Path pkiPasswordFile, int portOverride) {

    public static GatewayOptions defaults() {
        return new GatewayOptions(Clock.systemUTC(), Duration.ofMinutes(5), 32, Duration.ofSeconds(5),
                Duration.ofSeconds(20), null, null, -1);
    }

    public GatewayOptions withClock(Clock c) {
        return new GatewayOptions(c, lease, maxInFlight, pollInterval, shutdownGrace, mx, pkiPasswordFile,
                portOverride);
    }

    public GatewayOptions withLease(Duration d) {
        return new GatewayOptions(clock, d, maxInFlight, pollInterval, shutdownGrace, mx, pkiPasswordFile,
                portOverride);
    }

    public GatewayOptions withPollInterval(Duration d) {
        return new GatewayOptions(clock, lease, maxInFlight, d, shutdownGrace, mx, pkiPasswordFile, portOverride);
    }

    public GatewayOptions withMx(MxResolver resolver) {
        return new GatewayOptions(clock, lease, maxInFlight, pollInterval, shutdownGrace, resolver, pkiPasswordFile,
                portOverride);
    }

    public GatewayOptions withPkiPasswordFile(Path file) {
        return new GatewayOptions(clock, lease, maxInFlight, pollInterval, shutdownGrace, mx, file, portOverride);
    }

    public GatewayOptions withPortOverride(int port) {
        return new GatewayOptions(clock, lease, maxInFlight, pollInterval, shutdownGrace, mx, pkiPasswordFile, port);
    }
}

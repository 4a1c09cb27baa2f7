package org.villhop.smtp;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/** Counts open connections, in total and per client IP, against the listener's limits. Thread-safe. */
final class ConnectionLimiter {
    private final int maxTotal;
    private final int maxPerIp;
    private final Map<InetAddress, Integer> perIp = new HashMap<>();
    private int total;

    ConnectionLimiter(int maxTotal, int maxPerIp) {
        this.maxTotal = maxTotal;
        this.maxPerIp = maxPerIp;
    }

    /** Takes a slot for {@code ip}; null when granted, otherwise the refusal to send before closing. */
    synchronized Reply acquire(InetAddress ip) {
        if (total >= maxTotal) {
            return Reply.of(421, "4.7.0", "too many connections (" + maxTotal + "), try again later");
        }
        int mine = perIp.getOrDefault(ip, 0);
        if (mine >= maxPerIp) {
            return Reply.of(421, "4.7.0", "too many connections from " + ip.getHostAddress() + " ("
                    + maxPerIp + "), try again later");
        }
        total++;
        perIp.put(ip, mine + 1);
        return null;
    }

    /** Gives back a slot taken by a granted {@link #acquire}. */
    synchronized void release(InetAddress ip) {
        total--;
        perIp.computeIfPresent(ip, (k, n) -> n <= 1 ? null : n - 1);
    }
}

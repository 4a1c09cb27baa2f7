package org.villhop.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

class ConnectionLimiterTest {
    @Test
    void slotsAreCountedPerIpAndInTotalAndGivenBack() throws Exception {
        InetAddress a = InetAddress.getByName("192.0.2.1");
        InetAddress b = InetAddress.getByName("192.0.2.2");
        ConnectionLimiter limiter = new ConnectionLimiter(3, 2);
        assertNull(limiter.acquire(a));
        assertNull(limiter.acquire(a));
        assertEquals("421 4.7.0 too many connections from 192.0.2.1 (2), try again later",
                limiter.acquire(a).toString());
        assertNull(limiter.acquire(b));
        assertEquals("421 4.7.0 too many connections (3), try again later", limiter.acquire(b).toString());
        limiter.release(a);
        assertNull(limiter.acquire(b));
        limiter.release(b);
        assertNull(limiter.acquire(a));
    }
}

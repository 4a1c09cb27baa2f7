package org.villhop.server;

import java.nio.file.Path;
import java.time.Duration;

import org.villhop.config.ConfigLoader;
import org.villhop.config.GatewayConfig;

/**
 * The whole gateway in its own JVM for the crash test: the configuration file {@code args[0]}, every listener on a
 * free port. Prints {@code PORT n} (the MX listener) once listening, then runs until killed.
 */
public final class GatewayProcessMain {
    private GatewayProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        GatewayConfig config = new ConfigLoader(true).load(Path.of(args[0]));
        Gateway gateway = Gateway.start(config, GatewayOptions.defaults().withPortOverride(0)
                .withPollInterval(Duration.ofMillis(200)), System.err::println);
        System.out.println("PORT " + gateway.port("mx"));
        System.out.flush();
        Thread.currentThread().join();
    }
}

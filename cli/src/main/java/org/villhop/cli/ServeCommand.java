package org.villhop.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.villhop.config.ConfigError;
import org.villhop.config.ConfigException;
import org.villhop.config.ConfigLoader;
import org.villhop.config.ConfigValues;
import org.villhop.config.GatewayConfig;
import org.villhop.server.Gateway;
import org.villhop.server.GatewayException;
import org.villhop.server.GatewayOptions;
import org.villhop.server.SamplePki;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code villhop serve}: run the gateway (listeners, queue, pipeline, delivery) until SIGTERM or Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the gateway: SMTP listeners, durable queue, pipeline and delivery, until SIGTERM/Ctrl-C.",
                "Without --config: the embedded default (loopback ports 2525/2587/2465, the sample PKI of "
                        + "certs-sample/, sample users; run it from the project directory)."})
public final class ServeCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The YAML configuration (default: the embedded one, see `villhop config default`).")
    Path config;

    @Option(names = "--data", paramLabel = "DIR",
            description = "The data directory (default: the configuration's data-dir; ./data for the embedded one).")
    Path data;

    @Option(names = "--relay-host", paramLabel = "HOST:PORT",
            description = "Send every outbound message to this next hop (like Postfix's relayhost).")
    String relayHost;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GatewayConfig loaded = load(err);
        if (data != null) {
            loaded = loaded.withDataDir(data.toAbsolutePath().normalize());
        }
        if (relayHost != null) {
            try {
                loaded = loaded.withRelayHost(ConfigValues.hostPort(relayHost));
            } catch (IllegalArgumentException e) {
                throw new CommandFailure("--relay-host: " + e.getMessage(), ExitCodes.USAGE);
            }
        }
        GatewayConfig effective = loaded;
        String seeded = config == null ? SamplePki.seed(Path.of("certs-sample", "data"), effective.dataDir()) : null;
        Gateway gateway;
        try {
            gateway = Gateway.start(effective, GatewayOptions.defaults(), line -> log(err, line));
        } catch (GatewayException e) {
            throw new CommandFailure(e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log(err, "stopping: listeners closed, waiting for deliveries in flight");
            try {
                gateway.close();
                log(err, "stopped");
            } catch (Exception e) {
                log(err, "while stopping: " + e.getMessage());
            }
            stopped.countDown();
        }, "villhop-stop"));
        ServeBanner.print(out, effective, gateway, config == null, seeded);
        out.flush();
        stopped.await();
        return ExitCodes.OK;
    }

    private GatewayConfig load(PrintWriter err) throws IOException {
        ConfigLoader loader = new ConfigLoader(true);
        String source = config == null ? "embedded default configuration" : config.toString();
        try {
            if (config == null) {
                return loader.loadDefault(Path.of("").toAbsolutePath());
            }
            if (!Files.isRegularFile(config)) {
                throw new CommandFailure("no such file: " + config);
            }
            return loader.load(config);
        } catch (ConfigException e) {
            for (ConfigError error : e.errors()) {
                err.println(source + ":" + (error.line() > 0 ? error.line() + ":" : "") + " "
                        + (error.key().isEmpty() ? "" : error.key() + ": ") + error.message());
            }
            int n = e.errors().size();
            throw new CommandFailure(source + " is invalid: " + n + (n == 1 ? " error" : " errors")
                    + (config == null ? " (run villhop serve from the project directory, where certs-sample/ is,"
                    + " or give --config FILE)" : ""));
        }
    }

    private static void log(PrintWriter err, String line) {
        err.println(Instant.now().truncatedTo(ChronoUnit.SECONDS) + " villhop: " + line);
        err.flush();
    }
}

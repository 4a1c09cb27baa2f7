package org.villhop.cli;

import picocli.CommandLine.Command;

/** {@code villhop bench ...}: throughput measurements printed next to reference figures of the same machine. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure throughput on this machine.",
        subcommands = {BenchSmimeCommand.class})
public final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

package io.costflow.cli;

import io.costflow.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** costflow's command line; each capability is a subcommand. */
@Command(
        name = "costflow",
        mixinStandardHelpOptions = true,
        version = "costflow 0.1.0",
        description = "Streaming cloud cost state, SLO-checked recommendations and alerts.",
        subcommands = {
            DemoCommand.class,
            IngestCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class CostflowCommand implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        // The API module ships its own logback.xml for standalone use; the command line runs
        // everything in one process and uses its own, which sends the parts' logs to a file.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "costflow-logback.xml");
        }
        System.exit(new CommandLine(new CostflowCommand()).execute(args));
    }
}

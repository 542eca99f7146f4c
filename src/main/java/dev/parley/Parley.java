package dev.parley;

import dev.parley.bench.BenchCommand;
import dev.parley.client.ClientCommand;
import dev.parley.conformance.ConformanceCommand;
import dev.parley.inspect.InspectCommand;
import dev.parley.server.ServeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code parley} command line: one subcommand per tool. */
@Command(name = "parley", mixinStandardHelpOptions = true, version = "parley 0.1.0",
        description = "A real-time chat and push server on Jakarta WebSocket.",
        subcommands = {ServeCommand.class, ClientCommand.class, ConformanceCommand.class, InspectCommand.class,
                BenchCommand.class})
public final class Parley {
    /** One line per log record: time, level, logger, message. */
    private static final String LOG_FORMAT = "%1$tF %1$tT %4$s %3$s: %5$s%6$s%n";

    public static void main(String[] args) {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", LOG_FORMAT);
        }
        System.exit(new CommandLine(new Parley()).execute(args));
    }
}

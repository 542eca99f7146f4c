package dev.parley;

import java.util.logging.Handler;
import java.util.logging.Logger;

import dev.parley.bench.BenchCommand;
import dev.parley.client.ClientCommand;
import dev.parley.conformance.ConformanceCommand;
import dev.parley.inspect.InspectCommand;
import dev.parley.server.ServeCommand;
import dev.parley.soak.SoakCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code parley} command line: one subcommand per tool. */
@Command(name = "parley", mixinStandardHelpOptions = true, version = "parley 0.1.0",
        description = "A real-time chat and push server on Jakarta WebSocket.",
        subcommands = {ServeCommand.class, ClientCommand.class, ConformanceCommand.class, InspectCommand.class,
                BenchCommand.class, SoakCommand.class})
public final class Parley {
    public static void main(String[] args) {
        // One line per record (LogLine), unless the user configures java.util.logging.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null
                && System.getProperty("java.util.logging.config.file") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", LogLine.FORMAT);
            for (Handler handler : Logger.getLogger("").getHandlers()) {
                handler.setFormatter(new LogLine());
            }
        }
        System.exit(new CommandLine(new Parley()).execute(args));
    }
}

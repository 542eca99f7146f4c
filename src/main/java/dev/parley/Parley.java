package dev.parley;

import java.io.PrintWriter;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Logger;

import dev.parley.bench.BenchCommand;
import dev.parley.client.ClientCommand;
import dev.parley.conformance.ConformanceCommand;
import dev.parley.inspect.InspectCommand;
import dev.parley.server.ExitLogging;
import dev.parley.server.ServeCommand;
import dev.parley.server.SocketioFixtureCommand;
import dev.parley.soak.SoakCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/** The {@code parley} command line: one subcommand per tool. */
@Command(name = "parley", mixinStandardHelpOptions = true, version = "parley 0.1.0",
        description = "A real-time chat and push server on Jakarta WebSocket.",
        subcommands = {ServeCommand.class, ClientCommand.class, ConformanceCommand.class, InspectCommand.class,
                BenchCommand.class, SoakCommand.class, SocketioFixtureCommand.class})
public final class Parley {
    /** Exit status for bad arguments, as picocli's default. */
    public static final int USAGE = 2;

    public static void main(String[] args) {
        // Before the first logger: shutdown's log lines are not lost to the JDK's reset at exit (ExitLogging).
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", ExitLogging.class.getName());
        }
        // One line per record (LogLine), written to stderr by a writer thread (LogWriter) instead of the JDK's
        // ConsoleHandler, unless the user configures java.util.logging.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null
                && System.getProperty("java.util.logging.config.file") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", LogLine.FORMAT);
            Logger root = Logger.getLogger("");
            for (Handler handler : root.getHandlers()) {
                if (handler instanceof ConsoleHandler console) {
                    root.removeHandler(console);
                    LogWriter writer = new LogWriter(System.err);
                    writer.setLevel(console.getLevel());
                    root.addHandler(writer);
                } else {
                    handler.setFormatter(new LogLine());
                }
            }
        }
        System.exit(commandLine().execute(args));
    }

    /** The whole command line, as {@link #main} runs it (tests run it in-process). */
    public static CommandLine commandLine() {
        return new CommandLine(new Parley()).setParameterExceptionHandler(ONE_LINE);
    }

    /**
     * Bad arguments (a picocli parse error, or a {@link ParameterException} a command throws) are one line naming the
     * command, and a hint, on stderr: {@code parley client: not a ws:// or wss:// URL: http://x} then
     * {@code try 'parley client --help'}; exit status 2. No usage block: the user asked for none.
     */
    public static final IParameterExceptionHandler ONE_LINE = (ParameterException e, String[] args) -> {
        CommandLine failed = e.getCommandLine();
        String name = failed.getCommandSpec().qualifiedName();
        PrintWriter err = failed.getErr();
        err.println(name + ": " + e.getMessage());
        err.println("try '" + name + " --help'");
        err.flush();
        return USAGE;
    };
}

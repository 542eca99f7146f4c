package dev.parley;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code parley} command line: one subcommand per tool. */
@Command(name = "parley", mixinStandardHelpOptions = true, version = "parley 0.1.0",
        description = "A real-time chat and push server on Jakarta WebSocket.",
        subcommands = {})
public final class Parley {
    public static void main(String[] args) {
        System.exit(new CommandLine(new Parley()).execute(args));
    }
}

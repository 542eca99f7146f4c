package dev.parley;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import picocli.CommandLine;

/** The real {@code parley} command line, as {@code main} runs it, with stdout and stderr in the test. */
class ParleyCommandLineTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine parley = Parley.commandLine();
        parley.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        return parley.execute(args);
    }

    private List<String> errLines() {
        return err.toString().lines().toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"serve", "client ws://127.0.0.1:1/echo", "conformance ws://127.0.0.1:1/echo",
            "inspect --listen 0 --target 127.0.0.1:1", "bench"})
    void anUnknownOptionIsOneLineAndAHintWithExitStatus2(String commandAndArguments) {
        List<String> args = new java.util.ArrayList<>(List.of(commandAndArguments.split(" ")));
        String command = args.get(0);
        args.add("--no-such-option");
        assertEquals(2, run(args.toArray(String[]::new)));
        assertEquals(List.of("parley " + command + ": Unknown option: '--no-such-option'",
                "try 'parley " + command + " --help'"), errLines());
        assertEquals("", out.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"client", "conformance", "inspect"})
    void aMissingRequiredArgumentIsOneLineAndAHint(String command) {
        assertEquals(2, run(command));
        assertEquals(2, errLines().size(), err.toString());
        assertTrue(errLines().get(0).startsWith("parley " + command + ": Missing required "), err.toString());
        assertEquals("try 'parley " + command + " --help'", errLines().get(1));
    }

    @Test
    void aMessageFromTheCommandItselfIsOneLineToo() {
        assertEquals(2, run("client", "http://127.0.0.1:8025/echo"));
        assertEquals(List.of("parley client: not a ws:// or wss:// URL: http://127.0.0.1:8025/echo",
                "try 'parley client --help'"), errLines());
    }

    @Test
    void anUnknownCommandIsOneLine() {
        assertEquals(2, run("frobnicate"));
        assertEquals(2, errLines().size(), err.toString());
        assertTrue(errLines().get(0).startsWith("parley: Unmatched argument"), err.toString());
        assertEquals("try 'parley --help'", errLines().get(1));
    }

    /** A word cut at a dot by the help layout: "docs/performance." then "md." on the next line. */
    private static final Pattern BROKEN_WORD = Pattern.compile("\\w\\.\\n\\s+[a-z]\\w*[.)]");

    @ParameterizedTest
    @ValueSource(strings = {"", "serve", "client", "conformance", "inspect", "bench"})
    void helpBreaksNoWordAcrossALine(String command) {
        assertEquals(0, command.isEmpty() ? run("--help") : run(command, "--help"));
        String help = out.toString();
        assertFalse(BROKEN_WORD.matcher(help).find(), help);
        if (command.isEmpty()) {
            assertTrue(help.contains("docs/performance.md"), help);
        }
    }
}

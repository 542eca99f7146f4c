package dev.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.json.JsonObject;

import dev.parley.Parley;
import dev.parley.json.JsonText;

/**
 * One {@code parley} command run in the test's JVM, as the bench ITs run {@code parley bench}: its exit code and what
 * it printed on stdout and stderr.
 */
record BenchRun(int code, String out, String err) {

    /** Runs the command line {@code args} with stdout and stderr captured. */
    static BenchRun of(String... args) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        int code;
        try (PrintStream out = new PrintStream(stdout, true, StandardCharsets.UTF_8);
             PrintStream err = new PrintStream(stderr, true, StandardCharsets.UTF_8)) {
            System.setOut(out);
            System.setErr(err);
            code = Parley.commandLine().execute(args);
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        return new BenchRun(code, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
    }

    /**
     * Runs {@code args} with {@code --json json} added (the file deleted first), asserts the exit code is 0 (with
     * stdout as the message), and keeps the result lines the run wrote, in order.
     */
    static Lines withJson(Path json, List<String> args) throws IOException {
        Files.deleteIfExists(json);
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--json", json.toString()));
        BenchRun run = of(all.toArray(String[]::new));
        assertEquals(0, run.code(), run.out());
        List<JsonObject> results = new ArrayList<>();
        for (String line : Files.readAllLines(json)) {
            results.add(JsonText.readObject(line));
        }
        return new Lines(run.out(), results);
    }

    /** What a run printed on stdout, and its result lines. */
    record Lines(String printed, List<JsonObject> results) {
    }
}

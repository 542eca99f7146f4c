package dev.parley.socketio.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;

import dev.parley.json.JsonText;

/**
 * Runs one scenario of one official client as a child process and reads what it reported. Bounded: the script
 * bounds each of its waits by the step timeout; the harness gives the whole run the step timeout times the number
 * of steps plus a margin, then kills it (and whatever it started). The process is always gone when {@link #run}
 * returns. Its stdout and stderr go to files under {@code target/it-work/socketio-clients/} (never a pipe to
 * drain), one pair per run; stdout is read back after the exit, one JSON object per line (jakarta.json).
 */
public final class ClientProcess {
    /** Each wait of a script; generous, the box is loaded (a passing run takes about a second). */
    public static final Duration STEP_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration MARGIN = Duration.ofSeconds(30);
    private static final Path WORK = Path.of(System.getProperty("user.dir"), "target", "it-work", "socketio-clients");

    private ClientProcess() {
    }

    /** Runs {@code client}'s {@code scenario} against {@code server} over {@code transport}. */
    public static ClientRun run(OfficialClient client, SocketIoServer server, Transport transport, Scenario scenario) {
        return run(client, server, transport, scenario, STEP_TIMEOUT);
    }

    /** As {@link #run(OfficialClient, SocketIoServer, Transport, Scenario)}, each wait bounded by {@code step}. */
    public static ClientRun run(OfficialClient client, SocketIoServer server, Transport transport, Scenario scenario,
            Duration step) {
        Path out;
        Path err;
        try {
            Files.createDirectories(WORK);
            out = Files.createTempFile(WORK, client.name().toLowerCase() + "-" + scenario.argument() + "-"
                    + transport.argument() + "-", ".out");
            err = out.resolveSibling(out.getFileName().toString().replace(".out", ".err"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process process;
        try {
            process = new ProcessBuilder(client.command(server.url(), transport, scenario, step))
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the " + client + " client (scripts/ensure-socketio-clients.sh"
                    + " installs it)", e);
        }
        int status = ClientRun.KILLED;
        try {
            Duration bound = step.multipliedBy(scenario.steps().size()).plus(MARGIN);
            if (process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                status = process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stop(process);
        }
        return read(client, transport, scenario, status, out, err);
    }

    private static void stop(Process process) {
        List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
        family.add(process.toHandle());
        family.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : family) {
            try {
                handle.onExit().get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception stillThere) {
                throw new IllegalStateException("client process " + handle.pid() + " outlived SIGKILL", stillThere);
            }
        }
    }

    private static ClientRun read(OfficialClient client, Transport transport, Scenario scenario, int status, Path out,
            Path err) {
        List<JsonObject> steps = new ArrayList<>();
        List<String> other = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    steps.add(JsonText.readObject(line));
                } catch (JsonException | IllegalArgumentException notAnObject) {
                    other.add(line);
                }
            }
            List<String> errLines = Files.readAllLines(err, StandardCharsets.UTF_8);
            String tail = String.join("\n", errLines.subList(Math.max(0, errLines.size() - 20), errLines.size()));
            return new ClientRun(client, transport, scenario, status, List.copyOf(steps), List.copyOf(other), tail);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.parley.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code parley bench}: the load generator. Runs one or more scenarios against any server that speaks the bench
 * protocol (text echo on one path, broadcast-to-all on another), prints a progress line per second and a summary per
 * scenario, and appends one JSON object per scenario to {@code --json}. A benchmark, not a test: it reports figures
 * and exits 0 unless a scenario could not run at all.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Load generator; method and figures in docs/performance.md.",
                "Closed-loop echo, broadcast fan-out, open-loop fixed rate, handshakes, idle connections, the /chat "
                        + "path.",
                "Scenarios: rtt1, rtt100, tput32, tput64k, bcast1000, connect, idle, rate, chat, scale (or 'all' = "
                        + "every one but idle, chat and scale)."})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    private static final String DEFAULT_URL = "ws://127.0.0.1:8025";

    @Parameters(arity = "0..1", paramLabel = "URL",
            description = "Server to load (default: " + DEFAULT_URL + "); only host and port are used. chat: "
                    + "several servers' URLs, comma-separated.")
    String url;

    /** The URL as an option (its old spelling): repeated or comma-separated for chat's nodes. */
    @Option(names = "--url", paramLabel = "URL", split = ",",
            description = "The URL as an option; chat: repeat it (or comma-separate) for several nodes.")
    List<String> urlOptions;

    @Option(names = {"-s", "--scenario"}, paramLabel = "NAME", split = ",", defaultValue = "rtt1",
            description = "Scenarios to run, in order, comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> scenarios;

    @Option(names = "--echo-path", defaultValue = "/echo", description = "Echo endpoint (default: ${DEFAULT-VALUE}).")
    String echoPath;

    @Option(names = "--broadcast-path", defaultValue = "/broadcast",
            description = "Broadcast endpoint: every text message to every client on it (default: ${DEFAULT-VALUE}).")
    String broadcastPath;

    @Option(names = {"-c", "--connections"}, paramLabel = "N",
            description = "Override the scenarios' connection count (connect: handshakes at once).")
    Integer connections;

    @Option(names = "--in-flight", paramLabel = "N",
            description = "Override messages in flight per connection (broadcast: broadcasts in flight; "
                    + "chat: says unanswered in all, default 8).")
    Integer inFlight;

    @Option(names = "--size", paramLabel = "BYTES", description = "Override the payload size.")
    Integer size;

    @Option(names = "--rate", paramLabel = "MSG/S",
            description = "Override the rate scenario's total rate; chat: says per second in total (default: as "
                    + "fast as the answers allow, --in-flight unanswered).")
    Double rate;

    @Option(names = "--rooms", paramLabel = "N",
            description = "chat: rooms the connections are spread over (default: 1).")
    Integer rooms;

    @Option(names = "--messages", paramLabel = "N", defaultValue = "0",
            description = "chat: measure N says instead of --duration.")
    long messages;

    @Option(names = "--chat-path", defaultValue = "/chat", description = "Chat endpoint (default: ${DEFAULT-VALUE}).")
    String chatPath;

    @Option(names = {"-w", "--warmup"}, paramLabel = "SECONDS", defaultValue = "2",
            description = "Load before measuring, per scenario (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(names = {"-d", "--duration"}, paramLabel = "SECONDS", defaultValue = "5",
            description = "Measured window per scenario (default: ${DEFAULT-VALUE}).")
    double durationSeconds;

    @Option(names = "--hold", paramLabel = "SECONDS", defaultValue = "4",
            description = "idle, scale: how long the connections stay idle before memory is read (default: "
                    + "${DEFAULT-VALUE}).")
    double holdSeconds;

    @Option(names = "--source-addresses", paramLabel = "A-B",
            description = "Local addresses the connections come from, in turn: a range such as 127.0.1.1-127.0.1.8 "
                    + "or a comma list (default: the kernel's choice). Binding is quick for half the ephemeral port "
                    + "range of each (~14,000 connections).")
    String sourceAddresses;

    @Option(names = "--broadcasts", paramLabel = "N", defaultValue = "1",
            description = "scale: broadcasts sent one after the other to all connections (default: ${DEFAULT-VALUE}).")
    int broadcasts;

    @Option(names = "--room", paramLabel = "NAME",
            description = "scale: join every connection to this room of --chat-path instead of using the broadcast "
                    + "path, send nothing, and wait up to --hold seconds for one message in the room on every "
                    + "connection (sent by another process, e.g. the publish API); reports the wall-clock time of "
                    + "the first and last delivery, so the runs of several bench processes can be merged.")
    String room;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "A JWT (the file's first line) sent by every connection in the parley_token cookie: for a "
                    + "chat server with --auth-secret.")
    Path tokenFile;

    @Option(names = "--stall-timeout", paramLabel = "SECONDS", defaultValue = "5",
            description = "Give a scenario up after this long without an answer (default: ${DEFAULT-VALUE}).")
    double stallSeconds;

    @Option(names = "--pid", paramLabel = "PID", split = ",",
            description = "Server process: its CPU time and RSS are read from /proc/PID (without it, no server "
                    + "CPU figures). chat over several nodes: each node's, repeated or comma-separated (summed).")
    List<Long> pids = new ArrayList<>();

    @Option(names = "--redis-pid", paramLabel = "PID", defaultValue = "0",
            description = "A Redis server behind the nodes: its CPU is read from /proc/PID and reported beside "
                    + "the server's.")
    long redisPid;

    @Option(names = "--jvm", description = "The server is a JVM: idle runs a full GC (jcmd) before reading memory.")
    boolean jvm;

    @Option(names = "--label", defaultValue = "server", description = "Server name in the results.")
    String label;

    @Option(names = "--round", defaultValue = "0", description = "Round number in the results (for the harness).")
    int round;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Append one JSON object per scenario (JSON Lines) to FILE; '-' for standard output.")
    String json;

    @Option(names = "--deflate", description = "Offer permessage-deflate (RFC 7692) on every connection; where the "
            + "server accepts, send messages compressed and inflate what comes back. Reports the data frames' bytes "
            + "on the wire per message sent and per delivery received.")
    boolean deflate;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        if (url != null && urlOptions != null) {
            throw new ParameterException(spec.commandLine(), "give the URL once (--url is the old spelling)");
        }
        List<URI> nodes = new ArrayList<>();
        for (String given : url != null ? List.of(url.split(",")) : urlOptions != null ? urlOptions
                : List.of(DEFAULT_URL)) {
            nodes.add(uri(given.trim()));
        }
        URI uri = nodes.get(0);
        List<Scenario> plan = plan();
        if (nodes.size() > 1 && plan.stream().anyMatch(s -> s.kind() != Scenario.Kind.CHAT)) {
            throw new ParameterException(spec.commandLine(), "several URLs are for the chat scenario only");
        }
        if (messages < 0) {
            throw new ParameterException(spec.commandLine(), "--messages must be >= 0");
        }
        if (broadcasts < 1) {
            throw new ParameterException(spec.commandLine(), "--broadcasts must be >= 1");
        }
        SourceAddresses sources;
        try {
            sources = SourceAddresses.parse(sourceAddresses);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--source-addresses: " + e.getMessage());
        }
        PrintStream out = System.out;
        List<Long> serverPids = pids.stream().filter(p -> p > 0).toList();
        LoadRunner.Settings settings = new LoadRunner.Settings(uri.getHost(), uri.getPort(), echoPath, broadcastPath,
                seconds(warmupSeconds), seconds(durationSeconds), serverPids, redisPid, jvm, seconds(holdSeconds),
                seconds(stallSeconds), quiet ? null : System.err, nodes, chatPath, messages, deflate, sources,
                broadcasts, room, token());
        int failed = 0;
        LoadRunner runner = new LoadRunner(settings);
        for (Scenario s : plan) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("server", label);
            result.put("round", round);
            result.put("time", Instant.now().toString());
            try {
                result.putAll(runner.run(s).toMap());
                result.putAll(runner.lastWire().toMap());
            } catch (IOException | RuntimeException e) {
                result.put("scenario", s.name());
                result.put("ok", false);
                result.put("failure", e instanceof IOException && e.getMessage() != null ? e.getMessage()
                        : e.toString());
                failed++;
            }
            result.put("warmupS", warmupSeconds);
            result.put("loadavg", loadavg());
            out.println(Summary.line(result));
            writeJson(result);
        }
        return failed == plan.size() ? 1 : 0;
    }

    private URI uri(String given) {
        URI uri;
        try {
            uri = new URI(given);
        } catch (URISyntaxException e) {
            throw new ParameterException(spec.commandLine(), "bad URL: " + e.getMessage());
        }
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new ParameterException(spec.commandLine(), "the URL needs a host and a port: " + given);
        }
        return uri;
    }

    private List<Scenario> plan() {
        List<Scenario> plan = new ArrayList<>();
        for (String name : scenarios) {
            if (name.equals("all")) {
                for (Scenario s : Scenario.PRESETS.values()) {
                    if (s.kind() != Scenario.Kind.IDLE && s.kind() != Scenario.Kind.CHAT
                            && s.kind() != Scenario.Kind.SCALE) {
                        plan.add(override(s));
                    }
                }
                continue;
            }
            Scenario s = Scenario.PRESETS.get(name.trim());
            if (s == null) {
                throw new ParameterException(spec.commandLine(), "unknown scenario '" + name + "'; known: "
                        + String.join(", ", Scenario.PRESETS.keySet()) + ", all");
            }
            plan.add(override(s));
        }
        return plan;
    }

    private Scenario override(Scenario s) {
        try {
            if (connections != null) {
                s = s.withConnections(connections);
            }
            if (inFlight != null) {
                s = s.withInFlight(inFlight);
            }
            if (size != null) {
                s = s.withSize(size);
            }
            if (rate != null) {
                s = s.withRate(rate);
            }
            if (rooms != null && s.kind() == Scenario.Kind.CHAT) {
                s = s.withRooms(rooms);
            }
            return s;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), s.name() + ": " + e.getMessage());
        }
    }

    private void writeJson(Map<String, Object> result) throws IOException {
        if (json == null) {
            return;
        }
        String line = Json.write(result) + "\n";
        if (json.equals("-")) {
            System.out.print(line);
        } else {
            Files.writeString(Path.of(json), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }

    /** The first line of --token-file, or null without it. */
    private String token() throws IOException {
        if (tokenFile == null) {
            return null;
        }
        String token = Files.readAllLines(tokenFile, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
        if (token.isEmpty() || !token.chars().allMatch(c -> c > 32 && c < 127 && c != ';' && c != ',')) {
            throw new ParameterException(spec.commandLine(), "--token-file: the first line must be a token");
        }
        return token;
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos((long) (s * 1e9));
    }

    private static String loadavg() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return String.format(Locale.ROOT, "%s %s %s", f[0], f[1], f[2]);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}

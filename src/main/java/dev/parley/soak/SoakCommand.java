package dev.parley.soak;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code parley soak URL}: many chat clients joining, chatting, resuming and leaving in many rooms, each checking the
 * ids it receives, while attacks run at the same time; the server's heap is sampled if its pid is given. Prints a
 * progress line now and then (stderr), a summary and one JSON line (stdout). Exit status 0 when nothing was lost,
 * duplicated or out of order and the heap was stable; 1 otherwise; 2 for bad arguments.
 */
@Command(name = "soak", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Soak test of a /chat server: clients with sequence checks, attacks alongside, heap samples.",
                "Attacks: " + "ping-flood, slow-reader, slowloris, deep-json, room-spam (or 'none'). "
                        + "See docs/limits.md (Soak)."})
public final class SoakCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "URL", defaultValue = "ws://127.0.0.1:8025",
            description = "Server (default: ${DEFAULT-VALUE}); only host and port are used, the path is /chat.")
    String url;

    @Option(names = {"-c", "--clients"}, defaultValue = "1000", description = "Chat clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--rooms", defaultValue = "50", description = "Rooms to pick from (default: ${DEFAULT-VALUE}).")
    int rooms;

    @Option(names = "--rooms-per-client", defaultValue = "3",
            description = "Rooms each client is in (default: ${DEFAULT-VALUE}).")
    int roomsPerClient;

    @Option(names = {"-d", "--duration"}, paramLabel = "DURATION", defaultValue = "5m",
            description = "How long the load runs: 90s, 5m (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--say-every", paramLabel = "SECONDS", defaultValue = "2",
            description = "Mean time between two says of one client (default: ${DEFAULT-VALUE}).")
    double sayEvery;

    @Option(names = "--churn-every", paramLabel = "SECONDS", defaultValue = "60",
            description = "Mean time between a client leaving a room for another (default: ${DEFAULT-VALUE}).")
    double churnEvery;

    @Option(names = "--drop-every", paramLabel = "SECONDS", defaultValue = "60",
            description = "Mean time between a client dropping its connection and resuming (default: ${DEFAULT-VALUE}).")
    double dropEvery;

    @Option(names = "--drops", paramLabel = "KIND", split = ",", defaultValue = "reset,close",
            description = "How clients drop their connection: reset (TCP reset, no close frame), close (close frame "
                    + "1000); either at random when both (default: ${DEFAULT-VALUE}).")
    List<String> drops;

    @Option(names = "--text-bytes", defaultValue = "100", description = "Length of each text (default: ${DEFAULT-VALUE}).")
    int textBytes;

    @Option(names = "--history-limit", defaultValue = "100",
            description = "The limit of the resumes' history requests (default: ${DEFAULT-VALUE}).")
    int historyLimit;

    @Option(names = "--attacks", paramLabel = "NAME", split = ",",
            defaultValue = "ping-flood,slow-reader,slowloris,deep-json,room-spam",
            description = "Attacks alongside, comma-separated, or 'none' (default: ${DEFAULT-VALUE}).")
    List<String> attacks;

    @Option(names = "--source", paramLabel = "ADDRESS", defaultValue = "127.0.0.2",
            description = "First loopback address the clients connect from; 'any' to let the system choose "
                    + "(default: ${DEFAULT-VALUE}).")
    String source;

    @Option(names = "--clients-per-address", defaultValue = "32",
            description = "Clients per source address, under the server's per-address cap (default: ${DEFAULT-VALUE}).")
    int clientsPerAddress;

    @Option(names = "--attack-source", paramLabel = "ADDRESS", defaultValue = "127.0.1.1",
            description = "Address of the first attack; each next attack the next address (default: ${DEFAULT-VALUE}).")
    String attackSource;

    @Option(names = "--pid", description = "The server's process: its heap after a full GC is sampled with jcmd.")
    long pid;

    @Option(names = "--heap-every", paramLabel = "SECONDS", defaultValue = "15",
            description = "Time between two heap samples (default: ${DEFAULT-VALUE}).")
    double heapEvery;

    @Option(names = "--heap-margin", paramLabel = "PERCENT", defaultValue = "25",
            description = "How much the heap may grow from the middle third of the run to the last "
                    + "(default: ${DEFAULT-VALUE}).")
    double heapMargin;

    @Option(names = "--heap-slack", paramLabel = "MIB", defaultValue = "16",
            description = "And by how many MiB more: the noise floor of a small heap (default: ${DEFAULT-VALUE}).")
    long heapSlack;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the clients' choices (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-q", "--quiet"}, description = "No progress lines.")
    boolean quiet;

    @Override
    public Integer call() throws InterruptedException {
        URI uri = URI.create(url);
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new ParameterException(spec.commandLine(), "URL needs a host and a port: " + url);
        }
        List<String> attackNames = attacks.equals(List.of("none")) ? List.of() : attacks;
        for (String name : attackNames) {
            if (!Attacks.NAMES.contains(name)) {
                throw new ParameterException(spec.commandLine(), "unknown attack '" + name + "'; known: "
                        + String.join(", ", Attacks.NAMES) + ", none");
            }
        }
        for (String drop : drops) {
            if (!drop.equals("reset") && !drop.equals("close")) {
                throw new ParameterException(spec.commandLine(), "--drops: reset, close or both, not " + drop);
            }
        }
        SoakPlan plan;
        try {
            plan = new SoakPlan(clients, rooms, roomsPerClient, SoakPlan.seconds(sayEvery), SoakPlan.seconds(churnEvery),
                    SoakPlan.seconds(dropEvery), textBytes, historyLimit, seed, drops.contains("reset"),
                    drops.contains("close"));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (clientsPerAddress < 1) {
            throw new ParameterException(spec.commandLine(), "--clients-per-address must be at least 1");
        }
        Soak.Settings settings = new Soak.Settings(plan, new InetSocketAddress(uri.getHost(), uri.getPort()),
                new ChatLoop.Sources(source.equals("any") ? null : address(source), clientsPerAddress),
                duration(duration), attackNames, address(attackSource), pid, Duration.ofNanos(SoakPlan.seconds(heapEvery)),
                heapMargin, heapSlack << 20, Duration.ofSeconds(30), quiet ? null : System.err, Duration.ofSeconds(10));
        SoakReport report = Soak.run(settings);
        System.out.println(report.summary());
        System.out.println(report.json());
        return report.ok() ? 0 : 1;
    }

    private InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new ParameterException(spec.commandLine(), "not an address: " + text);
        }
    }

    /** "90", "90s", "5m", "1h". */
    private Duration duration(String text) {
        try {
            String t = text.trim().toLowerCase(java.util.Locale.ROOT);
            char unit = t.charAt(t.length() - 1);
            if (Character.isDigit(unit)) {
                return Duration.ofSeconds(Long.parseLong(t));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (unit) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new NumberFormatException(text);
            };
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            throw new ParameterException(spec.commandLine(), "--duration: not a duration: " + text);
        }
    }
}

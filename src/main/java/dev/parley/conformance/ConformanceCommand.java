package dev.parley.conformance;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

import dev.parley.client.RawClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code parley conformance URL}: the project's byte-level RFC 6455 cases against any echo server, as a table (case,
 * expectation, observation, verdict) and a summary, or as JSON. Exit status 0 when no case FAILED or ended in ERROR.
 * A target that cannot be reached (nothing listens, or it refuses the upgrade) stops the run before the first case
 * with one line and exit status 1: 36 ERROR rows would say the same thing 36 times.
 */
@Command(name = "conformance", mixinStandardHelpOptions = true,
        description = "Run Parley's byte-level RFC 6455 cases against a WebSocket echo server.")
public final class ConformanceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "URL", description = "ws:// URL of an endpoint that echoes every message")
    String url;

    @Option(names = "--json", description = "One JSON object instead of the table.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5",
            description = "How long a case waits for an answer (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    @Option(names = "--max-message-size", paramLabel = "BYTES",
            description = "The server's message cap; the two RFC 10.4 cap cases send one byte more (skipped without it).")
    Integer maxMessageSize;

    @Option(names = "--case", paramLabel = "ID", split = ",",
            description = "Run only these cases (6.3.1,7.3.2), or those whose id starts so (7.*, 'RFC 8.1*').")
    List<String> only = List.of();

    @Override
    public Integer call() {
        URI uri = parseUrl();
        if (timeoutSeconds <= 0 || maxMessageSize != null && maxMessageSize < 1) {
            throw new ParameterException(spec.commandLine(), "--timeout and --max-message-size must be positive");
        }
        Target target = new Target(uri, Duration.ofMillis((long) (timeoutSeconds * 1000)),
                maxMessageSize == null ? OptionalInt.empty() : OptionalInt.of(maxMessageSize));
        List<ConformanceCase> cases = ConformanceSuite.cases().stream().filter(this::selected).toList();
        if (cases.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no case matches --case " + String.join(",", only));
        }
        PrintWriter err = spec.commandLine().getErr();
        try (RawClient probe = target.connect()) {
            probe.close();
        } catch (Target.Unreachable e) {
            err.println("parley conformance: cannot connect to " + uri + ": " + e.getMessage());
            err.flush();
            return 1;
        } catch (IOException e) {
            // closing the probe connection failed: the cases will see for themselves
        }
        List<ConformanceRunner.Result> results = ConformanceRunner.run(target, cases, result -> {
            err.println(result.testCase().id() + " " + result.verdict().label());
            err.flush();
        });
        ConformanceReport report = new ConformanceReport(uri.toString(), results);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? report.json() + "\n" : report.table());
        out.flush();
        return report.passed() ? 0 : 1;
    }

    private boolean selected(ConformanceCase testCase) {
        if (only.isEmpty()) {
            return true;
        }
        for (String wanted : only) {
            String w = wanted.trim();
            if (w.equals(testCase.id()) || w.endsWith("*")
                    && testCase.id().startsWith(w.substring(0, w.length() - 1))) {
                return true;
            }
        }
        return false;
    }

    private URI parseUrl() {
        try {
            URI uri = new URI(url);
            if (!"ws".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new ParameterException(spec.commandLine(), "not a ws:// URL (the cases speak plain TCP): " + url);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ParameterException(spec.commandLine(), "bad URL: " + e.getMessage());
        }
    }
}

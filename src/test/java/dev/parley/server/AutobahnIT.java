package dev.parley.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import me.normanmaurer.maven.autobahntestsuite.AutobahnTestSuite;
import me.normanmaurer.maven.autobahntestsuite.FuzzingCaseResult;
import org.json.simple.JSONObject;
import org.python.util.PythonInterpreter;
import org.json.simple.parser.JSONParser;
import org.junit.jupiter.api.Test;

import dev.parley.session.FrameRate;
import dev.parley.session.Limits;

/**
 * Autobahn|Testsuite's fuzzing client (Jython) against Parley's {@code /echo}. Every case must come out OK (or
 * INFORMATIONAL, where the suite only records what happened): a FAILED, NON-STRICT, WRONG CODE or UNCLEAN case
 * fails the build, listed with its id. The report is left in {@code target/autobahntestsuite-reports/index.html}.
 *
 * <p>Cases: {@code -Dautobahn.cases} (the pom runs 1-7 and 10; {@code -Pautobahn-full} adds 9, the
 * 16 MiB-message performance cases). The suite can run only once per JVM (Twisted's reactor cannot restart),
 * so this is the only test that calls it.
 */
class AutobahnIT {
    private static final Path REPORTS = Path.of("target", "autobahntestsuite-reports");
    private static final String AGENT = "Parley";
    private static final Set<String> PASSING = Set.of("OK", "INFORMATIONAL");
    /** Autobahn 9.x sends messages of up to 16 MiB. */
    private static final int MAX_MESSAGE = 16 << 20;
    private static final FrameRate UNLIMITED_FRAMES = new FrameRate(1e9, 1_000_000_000);

    @Test
    void autobahnFuzzingCasesAllPass() throws Exception {
        pinPythonIo();
        List<String> cases = Arrays.asList(System.getProperty("autobahn.cases", "1.*").split(","));
        deleteRecursively(REPORTS);
        Config config = Config.defaults().withPort(0)
                .withLimits(Limits.DEFAULTS.withMaxMessageBytes(MAX_MESSAGE).withOutbound(1024, 4L * MAX_MESSAGE)
                        // 9.3.x/9.4.x send a 4 MiB message in up to 65,536 fragments as fast as the socket takes them:
                        // the flood the frame budgets exist to cut (FrameBudgetIT), not what these cases test.
                        .withFrameBudgets(UNLIMITED_FRAMES, UNLIMITED_FRAMES));
        List<FuzzingCaseResult> results;
        try (ParleyServer server = ParleyServer.start(config)) {
            results = AutobahnTestSuite.runFuzzingClient(AGENT, server.uri("ws", "/echo").toString(),
                    Map.of("version", 18), cases, List.of());
        }

        Map<String, JSONObject> byCase = readIndex();
        assertEquals(results.size(), byCase.size(), "cases in the report vs. cases run");
        assertFalse(byCase.isEmpty(), "no Autobahn case ran");
        List<String> failures = new ArrayList<>();
        Map<String, Integer> tally = new TreeMap<>();
        byCase.forEach((id, result) -> {
            String behavior = (String) result.get("behavior");
            String close = (String) result.get("behaviorClose");
            tally.merge(behavior, 1, Integer::sum);
            if (!PASSING.contains(behavior) || !PASSING.contains(close)) {
                failures.add(id + " " + behavior + " (close " + close + ", code " + result.get("remoteCloseCode")
                        + ")");
            }
        });
        System.out.println("Autobahn " + cases + ": " + byCase.size() + " cases " + tally);
        assertEquals(List.of(), failures, "Autobahn cases not OK; see " + REPORTS.resolve("index.html"));
    }

    /**
     * Imports Python's {@code io} module before anything else can claim the name. The Prometheus client on this
     * classpath has a top-level Java package {@code io}, and Jython would otherwise hand that to Twisted's
     * {@code from io import BytesIO}. Once imported, the module stays in {@code sys.modules}, which every
     * interpreter in this JVM shares.
     */
    private static void pinPythonIo() {
        try (PythonInterpreter python = new PythonInterpreter()) {
            python.exec("import io\nassert hasattr(io, 'BytesIO'), io");
        }
    }

    /** index.json: {agent: {case id: {behavior, behaviorClose, duration, remoteCloseCode, reportfile}}}. */
    private static Map<String, JSONObject> readIndex() throws Exception {
        Map<String, JSONObject> byCase = new TreeMap<>(AutobahnIT::compareCaseIds);
        try (Reader in = Files.newBufferedReader(REPORTS.resolve("index.json"))) {
            JSONObject agent = (JSONObject) ((JSONObject) new JSONParser().parse(in)).get(AGENT);
            for (Object id : agent.keySet()) {
                byCase.put((String) id, (JSONObject) agent.get(id));
            }
        }
        return byCase;
    }

    private static int compareCaseIds(String a, String b) {
        return Arrays.compare(Arrays.stream(a.split("\\.")).mapToInt(Integer::parseInt).toArray(),
                Arrays.stream(b.split("\\.")).mapToInt(Integer::parseInt).toArray());
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}

package dev.parley.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import picocli.CommandLine;

import dev.parley.client.Lines;
import dev.parley.server.RunningServer;

/** {@code parley conformance} against the embedded server (everything passes) and a deliberately wrong one. */
class ConformanceCommandIT {
    private static final int CAP = 64 * 1024;

    @RegisterExtension
    static final RunningServer server = new RunningServer(config -> config.withLimits(
            config.limits().withMaxMessageBytes(CAP)));

    private final Lines out = new Lines();
    private final Lines err = new Lines();

    private int run(String... args) {
        return new CommandLine(new ConformanceCommand()).setOut(out.writer()).setErr(err.writer()).execute(args);
    }

    @Test
    void parleyPassesEveryCaseAndTheTableSaysSo() {
        int status = run(server.ws("/echo").toString(), "--max-message-size", String.valueOf(CAP));
        List<String> table = out.all();
        assertEquals(0, status, String.join("\n", table));
        assertEquals("36 cases: 36 PASS, 0 NON-STRICT, 0 FAIL, 0 SKIPPED, 0 ERROR", table.get(table.size() - 1));
        assertEquals("Conformance of " + server.ws("/echo"), table.get(0));
        assertTrue(table.contains("6 UTF-8"), "category headings");
        String unmasked = table.stream().filter(line -> line.startsWith("  RFC 5.1 unmasked ")).findFirst()
                .orElseThrow();
        assertTrue(unmasked.matches(
                "  RFC 5\\.1 unmasked +unmasked client frame +close 1002, TCP closed +close 1002 +PASS"), unmasked);
        assertEquals(36, err.all().size(), "one progress line per case on stderr");
    }

    @Test
    void withoutTheCapTheCapCasesAreSkippedAndJsonHasEveryCase() {
        int status = run(server.ws("/echo").toString(), "--json", "--case", "RFC 10.4*,RFC 5.1 unmasked");
        assertEquals(0, status);
        assertEquals(1, out.all().size(), "one JSON line");
        String json = out.all().get(0);
        assertTrue(json.startsWith("{\"target\":\"" + server.ws("/echo") + "\",\"cases\":[{\"id\":\"RFC 5.1 unmasked\","), json);
        assertTrue(json.contains("{\"id\":\"RFC 10.4 frame over cap\",\"category\":\"Limits\","
                + "\"sent\":\"one frame of cap + 1 bytes\",\"expected\":\"close 1009, TCP closed\","
                + "\"observed\":\"needs the server's message cap (--max-message-size)\",\"verdict\":\"SKIPPED\"}"),
                json);
        assertTrue(json.endsWith("\"summary\":{\"cases\":4,\"PASS\":2,\"NON-STRICT\":0,\"FAIL\":0,\"SKIPPED\":2,"
                + "\"ERROR\":0}}"), json);
    }

    @Test
    void theWrongServerFailsExactlyTheCasesItGetsWrong() throws Exception {
        try (WrongEchoServer wrong = new WrongEchoServer()) {
            Target target = new Target(wrong.uri(), Duration.ofSeconds(3), OptionalInt.of(CAP));
            Map<String, Verdict> verdicts = ConformanceRunner.run(target, ConformanceSuite.cases(), result -> { })
                    .stream().collect(Collectors.toMap(r -> r.testCase().id(), ConformanceRunner.Result::verdict,
                            (a, b) -> a, TreeMap::new));
            Map<String, Verdict> notPassed = new TreeMap<>(verdicts);
            notPassed.values().removeIf(verdict -> verdict == Verdict.PASS);
            Map<String, Verdict> expected = new TreeMap<>();
            // data frames echoed with a non-minimal 8-byte length: every echo below 65536 bytes is refused
            for (String id : List.of("1.1.1", "RFC 5.2 1 byte", "1.1.2", "1.1.3", "1.1.4", "1.1.6", "RFC 5.2 rsv2",
                    "5.6", "RFC 7.1.7 others served")) {
                expected.put(id, Verdict.FAIL);
            }
            // no message rules: fragment order, UTF-8 and the cap go unchecked
            for (String id : List.of("RFC 5.4 orphan continuation", "5.18", "6.3.1", "RFC 8.1 fragment",
                    "RFC 8.1 mid-frame", "RFC 10.4 frame over cap", "RFC 10.4 message over cap")) {
                expected.put(id, Verdict.FAIL);
            }
            // every close answered with 1000: the connection is closed, with the wrong code
            for (String id : List.of("7.7.2", "7.7.10", "7.7.13")) {
                expected.put(id, Verdict.NON_STRICT);
            }
            assertEquals(expected, notPassed);
        }
    }

    @Test
    void aClosedPortStopsTheRunWithOneLineAndExit1() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        int status = run("ws://127.0.0.1:" + port + "/echo");
        assertEquals(1, status);
        assertEquals(List.of(), out.all(), "no table");
        assertEquals(List.of("parley conformance: cannot connect to ws://127.0.0.1:" + port
                + "/echo: connection refused"), err.all());
    }

    @Test
    void aRefusedUpgradeStopsTheRunToo() {
        int status = run(server.ws("/no-such-endpoint").toString());
        assertEquals(1, status);
        assertEquals(List.of(), out.all());
        assertEquals(1, err.all().size(), err.all().toString());
        assertTrue(err.all().get(0).startsWith("parley conformance: cannot connect to " + server.ws("/no-such-endpoint")
                + ": handshake failed: "), err.all().get(0));
    }

    @Test
    void aCaseThatCannotConnectIsAnErrorNotAFailure() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Target gone = new Target(java.net.URI.create("ws://127.0.0.1:" + port + "/echo"), Duration.ofSeconds(1),
                OptionalInt.empty());
        ConformanceCase first = ConformanceSuite.cases().get(0);
        Outcome outcome = ConformanceRunner.runOne(gone, first);
        assertEquals(Verdict.ERROR, outcome.verdict());
        assertEquals("connection refused", outcome.observed());
    }

    @Test
    void aWssUrlIsAUsageError() {
        assertEquals(2, run("wss://127.0.0.1:8443/echo"));
        assertEquals("not a ws:// URL (the cases speak plain TCP): wss://127.0.0.1:8443/echo", err.all().get(0));
    }
}

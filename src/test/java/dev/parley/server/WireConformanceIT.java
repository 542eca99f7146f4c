package dev.parley.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.parley.conformance.ConformanceCase;
import dev.parley.conformance.ConformanceRunner;
import dev.parley.conformance.ConformanceSuite;
import dev.parley.conformance.Outcome;
import dev.parley.conformance.Target;
import dev.parley.conformance.Verdict;

/**
 * What Parley's running server puts on the wire, byte by byte: every case of {@link ConformanceSuite} (the same ones
 * {@code parley conformance} runs against any server) must PASS. The cases read with {@code RawClient}, whose decoder
 * refuses masked server frames, RSV bits, long or fragmented control frames and non-minimal lengths; invalid input is
 * built by {@code RawFrame}, never by the encoder. Where stock Tyrus is wrong (unmasked client frames, 1011 for
 * oversize frames, UTF-8 checked late), the expectations are RFC 6455's: the embedded server's {@code WireGuard}
 * makes them hold.
 */
class WireConformanceIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int CAP = 64 * 1024;

    @RegisterExtension
    static final RunningServer server = new RunningServer(config -> config.withLimits(
            config.limits().withMaxMessageBytes(CAP)));

    static List<ConformanceCase> cases() {
        return ConformanceSuite.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theEmbeddedServerPassesEveryCase(ConformanceCase testCase) {
        Target target = new Target(server.ws("/echo"), WAIT, OptionalInt.of(CAP));
        Outcome outcome = ConformanceRunner.runOne(target, testCase);
        assertEquals(Verdict.PASS, outcome.verdict(),
                testCase + ": expected " + testCase.expectation() + ", observed " + outcome.observed());
    }

    @Test
    void theSuiteHas36CasesWithDistinctIds() {
        Set<String> ids = cases().stream().map(ConformanceCase::id).collect(Collectors.toSet());
        assertEquals(36, cases().size());
        assertEquals(36, ids.size());
    }
}

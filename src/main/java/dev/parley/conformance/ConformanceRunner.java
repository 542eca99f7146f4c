package dev.parley.conformance;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import dev.parley.wire.ProtocolViolation;

/** Runs cases one after the other against a target, each on its own connection(s). */
public final class ConformanceRunner {
    /** One case's outcome. */
    public record Result(ConformanceCase testCase, Outcome outcome) {
        public Verdict verdict() {
            return outcome.verdict();
        }
    }

    private ConformanceRunner() {
    }

    /** Runs every case; {@code progress} hears about each result as it comes. */
    public static List<Result> run(Target target, List<ConformanceCase> cases, Consumer<Result> progress) {
        List<Result> results = new ArrayList<>();
        for (ConformanceCase testCase : cases) {
            Result result = new Result(testCase, runOne(target, testCase));
            progress.accept(result);
            results.add(result);
        }
        return results;
    }

    /** One case; whatever goes wrong becomes its outcome, so one bad case never stops the run. */
    public static Outcome runOne(Target target, ConformanceCase testCase) {
        try {
            return testCase.probe().run(target);
        } catch (Target.Unreachable e) {
            return new Outcome(Verdict.ERROR, e.getMessage());
        } catch (IOException e) {
            return Outcome.fail("I/O error: " + (e.getMessage() != null ? e.getMessage()
                    : e.getClass().getSimpleName()));
        } catch (ProtocolViolation e) {
            return Outcome.fail("invalid server frame (" + e.reason() + ")");
        }
    }
}

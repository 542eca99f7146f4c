package dev.parley.conformance;

import java.io.IOException;

/**
 * One byte-level conformance case: what is sent, what RFC 6455 expects back, and the probe that does it.
 *
 * @param id          the Autobahn|Testsuite case it is (e.g. {@code 6.3.1}), or else the RFC 6455 section it checks and
 *                    a word or two (e.g. {@code RFC 5.2 rsv1}); see {@link ConformanceSuite}
 * @param category    the Autobahn-like group
 * @param title       what is sent, in a few words
 * @param expectation what the server must do, in a few words
 * @param probe       runs the case against a target
 */
public record ConformanceCase(String id, Category category, String title, String expectation, Probe probe) {

    /** Runs a case against a server; connection problems are thrown, everything else is an {@link Outcome}. */
    @FunctionalInterface
    public interface Probe {
        Outcome run(Target target) throws IOException;
    }

    @Override
    public String toString() {
        return id + " " + title;
    }
}

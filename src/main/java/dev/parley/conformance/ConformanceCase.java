package dev.parley.conformance;

import java.io.IOException;

/**
 * One byte-level conformance case: what is sent, what RFC 6455 expects back, and the probe that does it.
 *
 * @param id          e.g. {@code 6.2}: the category's number, then the case's place in it
 * @param category    the Autobahn-like group
 * @param mirrors     the Autobahn|Testsuite case (or RFC section) it corresponds to, e.g. {@code 6.4.1}
 * @param title       what is sent, in a few words
 * @param expectation what the server must do, in a few words
 * @param probe       runs the case against a target
 */
public record ConformanceCase(String id, Category category, String mirrors, String title, String expectation,
        Probe probe) {

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

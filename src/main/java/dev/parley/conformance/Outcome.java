package dev.parley.conformance;

/** What a case saw the server do, and the verdict on it. */
public record Outcome(Verdict verdict, String observed) {
    public static Outcome pass(String observed) {
        return new Outcome(Verdict.PASS, observed);
    }

    public static Outcome nonStrict(String observed) {
        return new Outcome(Verdict.NON_STRICT, observed);
    }

    public static Outcome fail(String observed) {
        return new Outcome(Verdict.FAIL, observed);
    }
}

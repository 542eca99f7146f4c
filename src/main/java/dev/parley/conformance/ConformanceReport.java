package dev.parley.conformance;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

import dev.parley.json.JsonText;

/** A run's results as a text table with a summary, or as JSON. */
public final class ConformanceReport {
    private static final String[] HEADINGS = {"case", "sent", "expected", "observed", "verdict"};

    private final String target;
    private final List<ConformanceRunner.Result> results;

    public ConformanceReport(String target, List<ConformanceRunner.Result> results) {
        this.target = target;
        this.results = List.copyOf(results);
    }

    /** How many cases got each verdict, every verdict listed. */
    public Map<Verdict, Integer> counts() {
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        for (Verdict verdict : Verdict.values()) {
            counts.put(verdict, 0);
        }
        results.forEach(result -> counts.merge(result.verdict(), 1, Integer::sum));
        return counts;
    }

    /** Whether no case failed or could not run (NON-STRICT and SKIPPED do not count against the server). */
    public boolean passed() {
        Map<Verdict, Integer> counts = counts();
        return counts.get(Verdict.FAIL) == 0 && counts.get(Verdict.ERROR) == 0;
    }

    /** e.g. {@code 36 cases: 34 PASS, 2 NON-STRICT, 0 FAIL, 0 SKIPPED, 0 ERROR}. */
    public String summary() {
        StringJoiner parts = new StringJoiner(", ", results.size() + " cases: ", "");
        counts().forEach((verdict, count) -> parts.add(count + " " + verdict.label()));
        return parts.toString();
    }

    /** Aligned columns, a heading line per category, then the summary. */
    public String table() {
        List<String[]> rows = new ArrayList<>();
        for (ConformanceRunner.Result result : results) {
            ConformanceCase c = result.testCase();
            rows.add(new String[] {c.id(), c.title(), c.expectation(), result.outcome().observed(),
                    result.verdict().label()});
        }
        int[] widths = new int[HEADINGS.length];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = HEADINGS[i].length();
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder("Conformance of " + target + "\n\n");
        out.append(line(HEADINGS, widths));
        Category current = null;
        for (int r = 0; r < rows.size(); r++) {
            Category category = results.get(r).testCase().category();
            if (category != current) {
                current = category;
                out.append(category.number()).append(' ').append(category.title()).append('\n');
            }
            out.append(line(rows.get(r), widths));
        }
        return out.append('\n').append(summary()).append('\n').toString();
    }

    private static String line(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder("  ");
        for (int i = 0; i < cells.length; i++) {
            line.append(i == cells.length - 1 ? cells[i] : pad(cells[i], widths[i] + 2));
        }
        return line.append('\n').toString();
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }

    /** One JSON object: the target, every case with its outcome, and the counts. */
    public String json() {
        JsonArrayBuilder cases = JsonText.array();
        for (ConformanceRunner.Result result : results) {
            ConformanceCase c = result.testCase();
            cases.add(JsonText.object().add("id", c.id()).add("category", c.category().title())
                    .add("sent", c.title()).add("expected", c.expectation())
                    .add("observed", JsonText.string(result.outcome().observed()))
                    .add("verdict", result.verdict().label()));
        }
        JsonObjectBuilder summary = JsonText.object().add("cases", results.size());
        counts().forEach((verdict, count) -> summary.add(verdict.label(), count));
        return JsonText.write(JsonText.object().add("target", target).add("cases", cases).add("summary", summary));
    }
}

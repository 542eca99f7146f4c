package dev.parley.socketio.clients;

import java.util.List;

import jakarta.json.JsonObject;

/**
 * What one run of a client script showed: its exit status ({@code 0} passed, {@code 1} a step saw something else,
 * {@code 2} a step timed out; {@code -1} killed by the harness after its own bound) and the JSON line of every step
 * it reported, in order; lines that were not JSON objects are kept apart, and so is the tail of its stderr.
 */
public record ClientRun(OfficialClient client, Transport transport, Scenario scenario, int exitStatus,
        List<JsonObject> steps, List<String> otherLines, String stderrTail) {

    /** The exit status the harness gives a script it had to kill. */
    public static final int KILLED = -1;

    /** The names of the steps reported with {@code "ok":true}, in order. */
    public List<String> passedSteps() {
        return steps.stream().filter(step -> step.getBoolean("ok", false)).map(step -> step.getString("step", "?"))
                .toList();
    }

    /** Exit status 0, every step ok and exactly the steps the scenario has. */
    public boolean passed() {
        return exitStatus == 0 && otherLines.isEmpty() && passedSteps().equals(scenario.steps())
                && passedSteps().size() == steps.size();
    }

    /** The step {@code name}'s line (the first), or null. */
    public JsonObject step(String name) {
        return steps.stream().filter(step -> name.equals(step.getString("step", null))).findFirst().orElse(null);
    }

    /** Everything a failed assertion should show. */
    public String describe() {
        StringBuilder text = new StringBuilder().append(client).append(' ').append(scenario).append(" over ")
                .append(transport.argument()).append(": exit ").append(exitStatus == KILLED ? "killed" : exitStatus);
        steps.forEach(step -> text.append("\n  ").append(step));
        otherLines.forEach(line -> text.append("\n  (not JSON) ").append(line));
        if (!stderrTail.isBlank()) {
            text.append("\n  stderr: ").append(stderrTail.replace("\n", "\n          "));
        }
        return text.toString();
    }
}

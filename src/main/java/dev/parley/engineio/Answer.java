package dev.parley.engineio;

/**
 * The answer to one polling request: a payload (200, {@code text/plain}) or a refusal ({@link EngineError}).
 *
 * @param error   the refusal; null for a payload
 * @param payload the polling payload or {@code ok}; null for a refusal
 */
public record Answer(EngineError error, String payload) {
    public static final Answer OK = new Answer(null, "ok");

    public static Answer payload(String payload) {
        return new Answer(null, payload);
    }

    public static Answer refused(EngineError error) {
        return new Answer(error, null);
    }
}

package dev.parley.engineio;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The opening request of an Engine.IO connection (the handshake GET or the WebSocket upgrade).
 *
 * @param headers by name as the container gave them
 * @param query   the query parameters
 * @param address the client's address
 */
public record EngineRequest(Map<String, List<String>> headers, Map<String, List<String>> query, String address) {
    public EngineRequest {
        headers = Map.copyOf(headers);
        query = Map.copyOf(query);
    }

    /** The header's first value, case-insensitively; null if absent. */
    public String header(String name) {
        for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
            if (entry.getKey().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))
                    && !entry.getValue().isEmpty()) {
                return entry.getValue().get(0);
            }
        }
        return null;
    }

    /** The query parameter's first value; null if absent. */
    public String query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}

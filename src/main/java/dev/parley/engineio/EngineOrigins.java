package dev.parley.engineio;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.parley.origin.OriginPolicy;

/**
 * Which browser origins may use an Engine.IO path, and the CORS headers each is answered with: the server's
 * {@link OriginPolicy} (same-origin by default; an allowed origin gets {@code Access-Control-Allow-Origin} with itself
 * and {@code Access-Control-Allow-Credentials: true}), or any origin ({@code *}, without credentials).
 */
public record EngineOrigins(OriginPolicy policy, boolean any) {
    /** Whether a request with this {@code Origin} (null: none, not a browser's cross-origin request) may go on. */
    public boolean allows(String origin) {
        return any || policy.allows(origin);
    }

    /** The CORS headers of an answer to a request from {@code origin}; none without an Origin. */
    public Map<String, String> headers(String origin) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (any) {
            headers.put("Access-Control-Allow-Origin", "*");
        } else if (origin != null && policy.allows(origin)) {
            headers.put("Access-Control-Allow-Origin", origin);
            headers.put("Access-Control-Allow-Credentials", "true");
            headers.put("Vary", "Origin");
        }
        return headers;
    }
}

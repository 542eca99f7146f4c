package dev.parley.chat;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Decides, from the upgrade request alone, whether a client may open {@code /chat} and as whom:
 * <ol>
 *   <li>Origin: absent (not a browser), the server's own, or listed; else 403.</li>
 *   <li>Auth mode: an HS256 JWT in the {@code parley_token} cookie or as subprotocol {@code parley.jwt.<token>}
 *       (never the query string, which ends up in logs); missing or invalid: 401.</li>
 *   <li>Open mode: {@code ?name=} of 1-32 letters, digits, {@code _ - .}; else 400.</li>
 * </ol>
 */
final class Admission {
    static final String COOKIE = "parley_token";
    static final String TOKEN_PROTOCOL = "parley.jwt.";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

    /** Who was let in, or with which HTTP status and reason the request is refused. */
    record Decision(String user, int status, String reason) {
        static Decision admit(String user) {
            return new Decision(user, 101, null);
        }

        static Decision refuse(int status, String reason) {
            return new Decision(null, status, reason);
        }

        boolean admitted() {
            return user != null;
        }
    }

    private final ChatConfig config;
    private final Clock clock;

    Admission(ChatConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    Decision decide(Map<String, List<String>> headers, Map<String, List<String>> parameters) {
        String origin = header(headers, "Origin");
        if (origin != null && !originAllowed(origin, header(headers, "Host"))) {
            return Decision.refuse(403, "origin " + origin + " is not allowed");
        }
        if (config.authSecret() != null) {
            String token = token(headers);
            if (token == null) {
                return Decision.refuse(401, "a token is required: the " + COOKIE + " cookie or the "
                        + TOKEN_PROTOCOL + "<token> subprotocol");
            }
            try {
                return Decision.admit(Jwt.subject(token, config.authSecret(), clock.instant().getEpochSecond()));
            } catch (Jwt.Invalid e) {
                return Decision.refuse(401, e.getMessage());
            }
        }
        List<String> names = parameters.getOrDefault("name", List.of());
        if (names.isEmpty()) {
            return Decision.refuse(400, "a name is required: /chat?name=alice");
        }
        if (names.size() > 1 || !isValidName(names.get(0))) {
            return Decision.refuse(400, "the name must be 1-32 letters, digits, '_', '-' or '.'");
        }
        return Decision.admit(names.get(0));
    }

    /** The subprotocol to answer with: a browser that offered some must get one back, or it drops the socket. */
    static String subprotocol(List<String> requested) {
        if (requested.contains("parley")) {
            return "parley";
        }
        return requested.stream().filter(p -> p.startsWith(TOKEN_PROTOCOL)).findFirst().orElse("");
    }

    private boolean originAllowed(String origin, String host) {
        if (config.allowedOrigins().contains(origin)) {
            return true;
        }
        try {
            URI uri = URI.create(origin);
            String authority = uri.getRawAuthority();
            return host != null && authority != null
                    && authority.toLowerCase(Locale.ROOT).equals(host.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException notAUri) {
            return false;
        }
    }

    private static String token(Map<String, List<String>> headers) {
        for (String protocols : values(headers, "Sec-WebSocket-Protocol")) {
            for (String protocol : protocols.split(",")) {
                if (protocol.trim().startsWith(TOKEN_PROTOCOL)) {
                    return protocol.trim().substring(TOKEN_PROTOCOL.length());
                }
            }
        }
        for (String cookies : values(headers, "Cookie")) {
            for (String cookie : cookies.split(";")) {
                String[] pair = cookie.trim().split("=", 2);
                if (pair.length == 2 && pair[0].equals(COOKIE) && !pair[1].isEmpty()) {
                    return pair[1];
                }
            }
        }
        return null;
    }

    private static String header(Map<String, List<String>> headers, String name) {
        List<String> values = values(headers, name);
        return values.isEmpty() ? null : values.get(0);
    }

    /** Header lookup that does not rely on the container's map being case-insensitive. */
    private static List<String> values(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
            if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name) && entry.getValue() != null) {
                return entry.getValue();
            }
        }
        return List.of();
    }
}

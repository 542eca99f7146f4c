package dev.parley.chat;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.parley.origin.OriginCheck;

/**
 * Decides, from the upgrade request alone, whether a client may open {@code /chat} and as whom (the origin has been
 * checked before, by {@link OriginCheck}):
 * <ol>
 *   <li>Auth mode: an HS256 JWT in the {@code parley_token} cookie or as subprotocol {@code parley.jwt.<token>}
 *       (never the query string, which ends up in logs) whose {@code sub} keeps the name rule; else 401.</li>
 *   <li>Open mode: {@code ?name=} of 1-32 letters, digits, {@code _ - .}; else 400.</li>
 * </ol>
 */
final class Admission {
    static final String COOKIE = "parley_token";
    static final String TOKEN_PROTOCOL = "parley.jwt.";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

    /** {@code parley_bad_requests_total} kinds: no token or a bad one; a name that breaks the rule. */
    static final String TOKEN = "token";
    static final String NAME_KIND = "name";
    private static final String NAME_RULE = "1-32 letters, digits, '_', '-' or '.'";

    /**
     * Who was let in, or with which HTTP status, machine-readable {@code code} (the {@code error} frame's, see
     * docs/protocol.md), reason and {@code /metrics} kind the request is refused ({@code kind} null: not a bad request).
     */
    record Decision(String user, int status, String code, String reason, String kind) {
        static Decision admit(String user) {
            return new Decision(user, 101, null, null, null);
        }

        static Decision refuse(int status, String code, String reason, String kind) {
            return new Decision(null, status, code, reason, kind);
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
        if (config.authSecret() != null) {
            String token = token(headers);
            if (token == null) {
                return Decision.refuse(401, "token_required", "a token is required: the " + COOKIE + " cookie or the "
                        + TOKEN_PROTOCOL + "<token> subprotocol", TOKEN);
            }
            return tokenDecision(token);
        }
        List<String> names = parameters.getOrDefault("name", List.of());
        if (names.isEmpty()) {
            return Decision.refuse(400, "name_required", "a name is required: /chat?name=alice", NAME_KIND);
        }
        if (names.size() > 1 || !isValidName(names.get(0))) {
            return Decision.refuse(400, "bad_name", "the name must be " + NAME_RULE, NAME_KIND);
        }
        return Decision.admit(names.get(0));
    }

    /**
     * The same decision for a Socket.IO CONNECT to {@code /chat} ({@link SocketIoChat}): the name is the auth
     * payload's {@code "name"} (open mode); the token its {@code "token"}, else the cookie of the opening request
     * (auth mode). {@code name} and {@code token} are null when the payload has none (or not a string).
     */
    Decision decideSocketIo(String name, String token, Map<String, List<String>> headers) {
        if (config.authSecret() != null) {
            String offered = token != null ? token : token(headers);
            if (offered == null) {
                return Decision.refuse(401, "token_required", "a token is required: \"token\" in the auth payload "
                        + "or the " + COOKIE + " cookie", TOKEN);
            }
            return tokenDecision(offered);
        }
        if (name == null) {
            return Decision.refuse(400, "name_required", "a name is required: auth {\"name\":\"alice\"}", NAME_KIND);
        }
        if (!isValidName(name)) {
            return Decision.refuse(400, "bad_name", "the name must be " + NAME_RULE, NAME_KIND);
        }
        return Decision.admit(name);
    }

    /** Auth mode: the token's signed, unexpired {@code sub}, if it keeps the name rule. */
    private Decision tokenDecision(String token) {
        String subject;
        try {
            subject = Jwt.subject(token, config.authSecret(), clock.instant().getEpochSecond());
        } catch (Jwt.Invalid e) {
            return Decision.refuse(401, "bad_token", e.getMessage(), TOKEN);
        }
        // The name rule holds for signed names too: no bidi overrides, zero-width or look-alike characters.
        if (!isValidName(subject)) {
            return Decision.refuse(401, "bad_token", "token sub must be " + NAME_RULE, NAME_KIND);
        }
        return Decision.admit(subject);
    }

    /** The subprotocol to answer with: a browser that offered some must get one back, or it drops the socket. */
    static String subprotocol(List<String> requested) {
        if (requested.contains("parley")) {
            return "parley";
        }
        return requested.stream().filter(p -> p.startsWith(TOKEN_PROTOCOL)).findFirst().orElse("");
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

    private static List<String> values(Map<String, List<String>> headers, String name) {
        return OriginCheck.values(headers, name);
    }
}

package dev.parley.origin;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A web origin as RFC 6454 defines it: scheme, host and port, compared as a triple (§5), the scheme and host
 * case-insensitively, an absent port meaning the scheme's default.
 *
 * @param scheme lower case, e.g. {@code https}
 * @param host   lower case; an IPv6 address keeps its brackets
 * @param port   the port, the scheme's default filled in; -1 for a scheme without one
 */
public record Origin(String scheme, String host, int port) {
    /**
     * RFC 6454 §6.2: serialized-origin = scheme "://" host [ ":" port ]. No user info, path, query or fragment: an
     * Origin header never has them, and a configured origin with one is a mistake worth refusing at startup.
     */
    private static final Pattern SERIALIZED = Pattern.compile(
            "([A-Za-z][A-Za-z0-9+.-]*)://(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._~-]+)(?::([0-9]{1,5}))?");

    public Origin {
        scheme = scheme.toLowerCase(Locale.ROOT);
        host = host.toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code scheme://host[:port]}.
     *
     * @throws IllegalArgumentException naming what is wrong (also for "null", the opaque origin of RFC 6454 §7.3)
     */
    public static Origin parse(String text) {
        Matcher m = SERIALIZED.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an origin (scheme://host[:port]): " + clip(text));
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        int port;
        if (m.group(3) == null) {
            port = defaultPort(scheme);
        } else {
            port = Integer.parseInt(m.group(3));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("origin port out of range: " + clip(text));
            }
        }
        return new Origin(scheme, m.group(2), port);
    }

    /** RFC 6455 §3 and RFC 9110 §4.2: 80 for http and ws, 443 for https and wss. */
    static int defaultPort(String scheme) {
        return switch (scheme) {
            case "http", "ws" -> 80;
            case "https", "wss" -> 443;
            default -> -1;
        };
    }

    /** A client's value, shortened for a log line or a refusal reason. */
    static String clip(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }

    @Override
    public String toString() {
        return port < 0 ? scheme + "://" + host : scheme + "://" + host + ":" + port;
    }
}

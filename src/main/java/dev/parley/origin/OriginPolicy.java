package dev.parley.origin;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * Which browser origins may open a WebSocket on this server: the server's public origins (where its page is
 * served) and the allowed ones, compared as scheme, host and port (RFC 6454 §5). The same policy guards every
 * endpoint. A request without an {@code Origin} is not from a browser page and is allowed: the check protects
 * browsers' users from other sites' pages (RFC 6455 §10.2), it does not authenticate.
 *
 * <p>Never compared with the request's {@code Host}: under DNS rebinding an attacker's page is served under the
 * attacker's name resolving to this server, and its {@code Origin} and {@code Host} then agree.
 *
 * <p>Without configured public origins the default is the server's loopback origins: {@code http://127.0.0.1},
 * {@code http://localhost} and {@code http://[::1]} on the server's port ({@code https} with TLS), and the bind
 * address itself if it is a specific one. A server reached under any other name needs {@code --public-origins}.
 */
public final class OriginPolicy {
    private static final List<String> LOOPBACK = List.of("127.0.0.1", "localhost", "[::1]");
    private static final Set<String> WILDCARD = Set.of("0.0.0.0", "::", "[::]");

    private final Set<Origin> listed;
    private final Set<String> ownSchemes;
    private final Set<String> ownHosts;
    private final IntSupplier ownPort;

    private OriginPolicy(Set<Origin> listed, Set<String> ownSchemes, Set<String> ownHosts, IntSupplier ownPort) {
        this.listed = Set.copyOf(listed);
        this.ownSchemes = Set.copyOf(ownSchemes);
        this.ownHosts = Set.copyOf(ownHosts);
        this.ownPort = ownPort;
    }

    /**
     * The policy of an embedded server bound to {@code bindHost}.
     *
     * @param port          the bound port, read when a request is checked (a server started on port 0 learns it late)
     * @param publicOrigins where the server's page is served; empty: the default loopback origins
     * @param allowed       other origins allowed
     * @throws IllegalArgumentException if a configured origin is not {@code scheme://host[:port]}
     */
    public static OriginPolicy forServer(boolean tls, String bindHost, IntSupplier port,
                                         Collection<String> publicOrigins, Collection<String> allowed) {
        Set<Origin> listed = parseAll(publicOrigins, allowed);
        if (!publicOrigins.isEmpty()) {
            return new OriginPolicy(listed, Set.of(), Set.of(), port);
        }
        Set<String> hosts = new LinkedHashSet<>(LOOPBACK);
        String host = bindHost.contains(":") && !bindHost.startsWith("[") ? "[" + bindHost + "]" : bindHost;
        if (!WILDCARD.contains(bindHost) && !WILDCARD.contains(host)) {
            hosts.add(host.toLowerCase(java.util.Locale.ROOT));
        }
        return new OriginPolicy(listed, Set.of(tls ? "https" : "http"), hosts, port);
    }

    /**
     * The policy in an app server, which does not tell the application its address: without configured public
     * origins the loopback origins are allowed on any port, over http and https.
     */
    public static OriginPolicy forWebApp(Collection<String> publicOrigins, Collection<String> allowed) {
        Set<Origin> listed = parseAll(publicOrigins, allowed);
        if (!publicOrigins.isEmpty()) {
            return new OriginPolicy(listed, Set.of(), Set.of(), () -> 0);
        }
        return new OriginPolicy(listed, Set.of("http", "https"), Set.copyOf(LOOPBACK), () -> 0);
    }

    /** Whether a request with this {@code Origin} value may upgrade; null (no Origin) is allowed. */
    public boolean allows(String originHeader) {
        if (originHeader == null) {
            return true;
        }
        Origin origin;
        try {
            origin = Origin.parse(originHeader.strip());
        } catch (IllegalArgumentException malformed) { // "null", a list, a path: no page of ours sends that
            return false;
        }
        if (listed.contains(origin)) {
            return true;
        }
        int port = ownPort.getAsInt();
        return ownSchemes.contains(origin.scheme()) && ownHosts.contains(origin.host())
                && (port == 0 || origin.port() == port);
    }

    /** For the startup log: the origins allowed. */
    @Override
    public String toString() {
        Set<String> all = new LinkedHashSet<>();
        int port = ownPort.getAsInt();
        for (String scheme : ownSchemes) {
            for (String host : ownHosts) {
                all.add(scheme + "://" + host + ":" + (port == 0 ? "*" : Integer.toString(port)));
            }
        }
        listed.forEach(origin -> all.add(origin.toString()));
        return String.join(",", all);
    }

    private static Set<Origin> parseAll(Collection<String> publicOrigins, Collection<String> allowed) {
        Set<Origin> origins = new LinkedHashSet<>();
        for (Collection<String> list : List.of(publicOrigins, allowed)) {
            for (String origin : list) {
                origins.add(Origin.parse(origin.strip()));
            }
        }
        return origins;
    }
}

package dev.parley.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

import dev.parley.origin.Origin;

/**
 * Who may use the admin page and its API, checked from the request head alone, in order: the admin is off without a
 * key (404, as if there were nothing here); a browser request from another origin is refused (403) whatever it
 * carries; then {@code Authorization: Bearer <admin key>}: missing 401, wrong 403 (compared in constant time). The
 * key is never taken from the URL, never echoed, never logged. An address that sent {@link AdminLockout#MAX_FAILURES}
 * wrong keys in a window is refused (429 with {@code Retry-After}) before its key is looked at, until the window ends;
 * of its wrong keys only the first of the window and the lockout are logged, every refusal is counted by reason.
 *
 * <p>Same origin: a request with an {@code Origin} header must come from the origin its own {@code Host} names (the
 * page the server served), or from one of the server's configured public origins (a reverse proxy that rewrites
 * {@code Host}); the allowed origins of {@code --allowed-origins} are other sites and do not count. A request with
 * {@code Sec-Fetch-Site} other than {@code same-origin} or {@code none} is refused too (a browser's cross-site GET
 * sends no {@code Origin}). No CORS header is ever sent, so a browser never lets another site read an answer.
 */
final class AdminGate {
    private static final Logger LOG = Logger.getLogger(AdminGate.class.getName());
    private static final String PREFIX = "Bearer ";

    private final byte[] key;
    private final Set<Origin> publicOrigins = new HashSet<>();
    private final AdminLockout lockout;
    private final LongSupplier nanoTime;
    private final Consumer<String> refused;

    /** @param key the admin key; null: the admin is off */
    AdminGate(String key, Set<String> publicOrigins) {
        this(key, publicOrigins, new AdminLockout(), System::nanoTime, reason -> { });
    }

    /**
     * @param nanoTime the clock of the lockout's windows
     * @param refused  counts each refusal by reason ({@code no_key}, {@code wrong_key}, {@code locked_out},
     *                 {@code cross_origin})
     */
    AdminGate(String key, Set<String> publicOrigins, AdminLockout lockout, LongSupplier nanoTime,
              Consumer<String> refused) {
        this.key = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
        publicOrigins.forEach(origin -> this.publicOrigins.add(Origin.parse(origin)));
        this.lockout = lockout;
        this.nanoTime = nanoTime;
        this.refused = refused;
    }

    /** Whether an admin key is set. */
    boolean on() {
        return key != null;
    }

    /** The refusal for a request to the page or its files (off, or cross-origin); null: serve it. */
    AdminReply pageRefusal(AdminRequest request) {
        if (!on()) {
            return AdminJson.error(404, "not_found", "no such resource");
        }
        return sameOrigin(request) ? null : crossOrigin(request);
    }

    /** The refusal for an API request; null: it may go on. */
    AdminReply apiRefusal(AdminRequest request) {
        AdminReply page = pageRefusal(request);
        if (page != null) {
            return page;
        }
        long wait = lockout.retryAfterSeconds(request.peer(), nanoTime.getAsLong());
        if (wait > 0) {
            refused.accept("locked_out");
            return AdminJson.error(429, "too_many_wrong_keys", "too many wrong admin keys from this address")
                    .withHeader("Retry-After", Long.toString(wait));
        }
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.startsWith(PREFIX)) {
            refused.accept("no_key");
            return AdminJson.error(401, "unauthorized", "send the admin key as Authorization: Bearer <admin key>")
                    .withHeader("WWW-Authenticate", "Bearer realm=\"parley-admin\"");
        }
        byte[] given = authorization.substring(PREFIX.length()).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, key)) {
            wrongKey(request);
            return AdminJson.error(403, "forbidden", "the admin key is wrong");
        }
        return null;
    }

    /** Counted; logged when it is the address's first in its window or the one that locks it out. */
    private void wrongKey(AdminRequest request) {
        refused.accept("wrong_key");
        AdminLockout.Failure failure = lockout.failed(request.peer(), nanoTime.getAsLong());
        if (failure.first()) {
            LOG.info(() -> "event=admin-refused peer=" + request.peer() + " path=" + request.path()
                    + " status=403 why=wrong_key");
        }
        if (failure.lockedOut()) {
            LOG.info(() -> "event=admin-locked-out peer=" + request.peer() + " failures=" + failure.failures()
                    + " seconds=" + AdminLockout.WINDOW.toSeconds());
        }
    }

    private AdminReply crossOrigin(AdminRequest request) {
        refused.accept("cross_origin");
        LOG.info(() -> "event=admin-refused peer=" + request.peer() + " path=" + request.path()
                + " status=403 why=cross_origin");
        return AdminJson.error(403, "cross_origin", "the admin page and API answer their own origin only");
    }

    /** Whether the request comes from no browser page, or from a page of this server's own origin. */
    boolean sameOrigin(AdminRequest request) {
        String site = request.header("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return false;
        }
        String header = request.header("Origin");
        if (header == null) {
            return true;
        }
        Origin origin;
        try {
            origin = Origin.parse(header.strip());
        } catch (IllegalArgumentException malformed) { // "null" (a sandboxed frame, a file), a list: not ours
            return false;
        }
        if (publicOrigins.contains(origin)) {
            return true;
        }
        String host = request.header("Host");
        if (host == null || host.isBlank()) {
            return false;
        }
        try {
            return origin.equals(Origin.parse(origin.scheme() + "://" + host.strip()));
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }
}

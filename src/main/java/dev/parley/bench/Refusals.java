package dev.parley.bench;

import java.nio.charset.StandardCharsets;

import dev.parley.wire.UpgradeResponse;

/**
 * Connections the server turned away while a scenario opened them: a close with 1013 (Try Again Later) right after
 * the handshake, which is how Tyrus enforces a per-address session cap, or an HTTP status instead of 101. The bench
 * connects everything from one address, so a server with a per-address cap (Parley's default is in docs/limits.md)
 * refuses all but the first few of bcast1000's connections; this says so, and how to raise the cap, instead of a
 * scenario that waits for subscribers that are gone.
 */
final class Refusals {
    private static final int TRY_AGAIN_LATER = 1013;

    private int count;
    private String first;
    private boolean capLike;

    /** The server's close frame on an open connection; only 1013 counts as a refusal. */
    void closed(byte[] body, int length) {
        if (length < 2) {
            return;
        }
        int code = (body[0] & 0xff) << 8 | body[1] & 0xff;
        if (code != TRY_AGAIN_LATER) {
            return;
        }
        record("close " + status(body, length), true);
    }

    /** A close frame's body as the bench reports it: e.g. {@code 1008 "rate limit exceeded"}, or {@code no status}. */
    static String status(byte[] body, int length) {
        if (length < 2) {
            return "no status";
        }
        int code = (body[0] & 0xff) << 8 | body[1] & 0xff;
        String reason = new String(body, 2, length - 2, StandardCharsets.UTF_8);
        return code + (reason.isEmpty() ? "" : " \"" + reason + "\"");
    }

    /** The server answered the opening handshake with something other than 101. */
    void answered(UpgradeResponse response) {
        String reason = response.headers().first("X-Parley-Error").orElse(response.reason());
        record("HTTP " + response.status() + (reason == null || reason.isEmpty() ? "" : " " + reason),
                response.status() == 429 || response.status() == 503);
    }

    private void record(String what, boolean cap) {
        if (count++ == 0) {
            first = what;
        }
        capLike |= cap;
    }

    boolean any() {
        return count > 0;
    }

    /**
     * e.g. {@code the server refused 936 of 1000 connections so far (close 1013 "Try again later."): it caps connections
     * per client address, and every bench connection comes from this one; start Parley with serve
     * --max-connections-per-address 1000 (or more)}.
     */
    String explain(int wanted) {
        String line = "the server refused " + count + " of " + wanted + " connections so far (" + first + ")";
        if (!capLike) {
            return line;
        }
        return line + ": it caps connections per client address, and every bench connection comes from this one; "
                + "start Parley with serve --max-connections-per-address " + wanted + " (or more)";
    }
}

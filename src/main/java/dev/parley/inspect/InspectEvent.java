package dev.parley.inspect;

import java.time.Instant;

import dev.parley.wire.HttpHeaders;

/** What the inspector reports: one event per line of output. */
public sealed interface InspectEvent {
    /** When it was seen. */
    Instant time();

    /** The proxied connection's number, from 1. */
    int connection();

    /** A client connected and the proxy reached the target. */
    record Opened(Instant time, int connection, String client, String target) implements InspectEvent {
    }

    /** An HTTP head: the opening handshake's request or response, or a plain HTTP request. */
    record Head(Instant time, int connection, Direction direction, String startLine, HttpHeaders headers)
            implements InspectEvent {
    }

    /**
     * One frame as it was on the wire.
     *
     * @param maskKey     8 hex digits, or null when unmasked
     * @param lengthBytes extended length bytes used: 0, 2 or 8
     * @param preview     the payload's start (unmasked), as {@code previewKind} says
     * @param received    payload bytes that arrived: less than {@code length} if the connection ended mid-frame
     */
    record FrameSeen(Instant time, int connection, Direction direction, boolean fin, int rsv, String opcode,
            boolean masked, String maskKey, long length, int lengthBytes, PreviewKind previewKind, String preview,
            long received) implements InspectEvent {
        public boolean complete() {
            return received == length;
        }
    }

    /** How a frame's payload preview is written. */
    enum PreviewKind {
        /** No payload. */
        NONE,
        /** UTF-8 text (a text message, or a control payload that is printable UTF-8). */
        TEXT,
        /** Lower-case hex digits. */
        HEX,
        /** A close body: the code, a space, the reason. */
        CLOSE
    }

    /**
     * A permessage-deflate message inflated (RFC 7692), after its frames.
     *
     * @param length  its inflated length
     * @param preview the start of the inflated bytes, UTF-8 text for a text message, hex otherwise
     */
    record Inflated(Instant time, int connection, Direction direction, long length, PreviewKind previewKind,
            String preview) implements InspectEvent {
    }

    /** The codec refused something: the close code it would answer with, and why. */
    record Violation(Instant time, int connection, Direction direction, int closeCode, String reason)
            implements InspectEvent {
    }

    /** Anything else worth saying: not a WebSocket, decoding stopped, the target unreachable. */
    record Note(Instant time, int connection, Direction direction, String text) implements InspectEvent {
    }

    /** Both directions have ended. */
    record Closed(Instant time, int connection, long bytesToServer, long bytesToClient) implements InspectEvent {
    }
}

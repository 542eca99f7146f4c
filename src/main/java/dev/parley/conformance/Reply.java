package dev.parley.conformance;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;

import dev.parley.client.RawClient;
import dev.parley.wire.Frame;
import dev.parley.wire.ProtocolViolation;

/**
 * The server's next frame, or why there is none: the one place where a case reads and names what happened.
 *
 * @param received the frame and its size on the wire, when {@code kind} is FRAME
 * @param detail   for the other kinds, what was seen
 */
record Reply(Kind kind, RawClient.Received received, String detail) {
    enum Kind {
        /** A well-formed frame arrived. */
        FRAME,
        /** Nothing came within the timeout. */
        TIMEOUT,
        /** The TCP connection ended (closed or reset) without a frame. */
        DROPPED,
        /** The server's bytes broke RFC 6455 (checked by the client-side decoder). */
        BAD_FRAME
    }

    static Reply next(RawClient client, Duration timeout) throws IOException {
        try {
            return new Reply(Kind.FRAME, client.read(), null);
        } catch (SocketTimeoutException e) {
            return new Reply(Kind.TIMEOUT, null, "nothing within " + seconds(timeout));
        } catch (EOFException e) {
            return new Reply(Kind.DROPPED, null, "TCP closed without a close frame");
        } catch (SocketException e) {
            return new Reply(Kind.DROPPED, null, "connection reset without a close frame");
        } catch (ProtocolViolation e) {
            return new Reply(Kind.BAD_FRAME, null, "invalid server frame (" + e.reason() + ")");
        }
    }

    Frame frame() {
        return received.frame();
    }

    /** The frame, briefly: {@code TEXT fin 5 bytes "hello"} or with a hex payload for binary. */
    static String describe(Frame frame) {
        String payload = frame.payload().isEmpty() ? ""
                : frame.opcode() == dev.parley.wire.Opcode.TEXT ? " \"" + clip(frame.text()) + "\""
                : " " + clip(frame.payload().hex());
        return frame.opcode() + (frame.fin() ? " fin " : " ") + frame.payload().size() + " bytes" + payload;
    }

    static String clip(String text) {
        return text.length() <= 24 ? text : text.substring(0, 24) + "…";
    }

    static String seconds(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }

    /** How the TCP connection ended after a close frame. */
    enum TcpEnd { CLOSED, LEFT_OPEN, MORE_BYTES }

    /** Waits for end of stream after the close; a reset counts as closed. */
    static TcpEnd awaitTcpClose(RawClient client) throws IOException {
        try {
            return client.awaitEndOfStream() ? TcpEnd.CLOSED : TcpEnd.MORE_BYTES;
        } catch (SocketTimeoutException e) {
            return TcpEnd.LEFT_OPEN;
        } catch (SocketException e) {
            return TcpEnd.CLOSED;
        }
    }
}

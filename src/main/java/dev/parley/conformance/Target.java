package dev.parley.conformance;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.OptionalInt;

import dev.parley.client.RawClient;
import dev.parley.wire.HandshakeRejected;

/**
 * The echo server under test.
 *
 * @param uri            its {@code ws://} echo endpoint
 * @param timeout        how long a case waits for any answer (and for the TCP close)
 * @param maxMessageSize the server's message cap, if known: the cases over the cap need it
 */
public record Target(URI uri, Duration timeout, OptionalInt maxMessageSize) {

    /**
     * A new connection to the endpoint, reads bounded by {@link #timeout()}.
     *
     * @throws Unreachable if the TCP connection or the opening handshake failed
     */
    public RawClient connect() throws Unreachable {
        try {
            return RawClient.connect(uri, timeout);
        } catch (HandshakeRejected e) {
            throw new Unreachable("handshake failed: " + e.reason(), e);
        } catch (ConnectException e) {
            throw new Unreachable("connection refused", e);
        } catch (IOException e) {
            throw new Unreachable(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName(), e);
        }
    }

    /** The server could not be reached or refused the upgrade: the case could not run at all. */
    public static final class Unreachable extends IOException {
        private static final long serialVersionUID = 1L;

        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

package dev.parley.client;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.OptionalInt;

import org.glassfish.tyrus.client.exception.DeploymentHandshakeException;
import org.glassfish.tyrus.core.HandshakeException;

/** Turns what Tyrus throws into one line a user can act on, and finds the HTTP status of a failed handshake. */
final class ClientErrors {
    private ClientErrors() {
    }

    /** The HTTP status the server answered the upgrade with, if the failure was a refused handshake. */
    static OptionalInt handshakeStatus(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof DeploymentHandshakeException handshake && handshake.getCause() != null) {
                return OptionalInt.of(handshake.getHttpStatusCode());
            }
            if (t instanceof HandshakeException handshake) {
                return OptionalInt.of(handshake.getHttpStatusCode());
            }
        }
        return OptionalInt.empty();
    }

    /** e.g. "connection refused", "unknown host", "HTTP 404". */
    static String describe(Throwable error) {
        return describe(error, null);
    }

    /**
     * One line for a connection that could not be made. A refused handshake shows the status and the reason the
     * server gave in {@code X-Parley-Error} ("HTTP 400: a name is required: /chat?name=alice"), the delay of a 503's
     * Retry-After, or for a 2xx answer that it is not a WebSocket endpoint (a page, or a URL without a path).
     *
     * @param answer the response the server refused the handshake with, if it was seen
     */
    static String describe(Throwable error, TyrusConnector.HandshakeAnswer answer) {
        int status = answer != null && answer.status() > 0 ? answer.status() : handshakeStatus(error).orElse(0);
        if (status > 0) {
            StringBuilder line = new StringBuilder("HTTP ").append(status);
            if (status >= 200 && status < 300) {
                line.append(": not a WebSocket endpoint (no 101)");
            } else if (answer != null && answer.reason() != null) {
                line.append(": ").append(answer.reason());
            }
            if (answer != null && answer.retryAfter() != null) {
                line.append(" (retry after ").append(answer.retryAfter()).append(" s)");
            }
            return line.toString();
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return "connection refused";
            }
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return "unknown host";
            }
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        return root == error ? message : error.getMessage() + ": " + message;
    }
}

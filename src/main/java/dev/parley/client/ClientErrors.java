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

    /** e.g. "handshake failed: HTTP 404", "connection refused", "unknown host". */
    static String describe(Throwable error) {
        OptionalInt status = handshakeStatus(error);
        if (status.isPresent() && status.getAsInt() > 0) {
            return "handshake failed: HTTP " + status.getAsInt();
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

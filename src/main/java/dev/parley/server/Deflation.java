package dev.parley.server;

import java.util.Optional;

import jakarta.websocket.Session;

import dev.parley.wire.DeflateParameters;

/** The permessage-deflate parameters a session's handshake negotiated. */
public final class Deflation { // replaced by deflin's
    private Deflation() {
    }

    /** The negotiated parameters of {@code session}; empty if it has none. */
    public static Optional<DeflateParameters> of(Session session) { // replaced by deflin's
        return Optional.empty();
    }
}

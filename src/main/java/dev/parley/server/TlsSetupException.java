package dev.parley.server;

import java.io.IOException;

/** The TLS keystore or its password file cannot be used; the message is one line, fit for a user. */
public final class TlsSetupException extends IOException {
    private static final long serialVersionUID = 1L;

    TlsSetupException(String message) {
        super(message);
    }
}

package dev.parley.server;

import java.nio.file.Path;
import java.util.Objects;

/**
 * TLS for the embedded server: https and wss on the listener's one port.
 *
 * <p>The record holds where the secrets are, not the secrets: the password is read from {@code passwordFile} (its
 * first line, trimmed) only when the server starts, so it never appears on a command line or in a {@code toString}.
 *
 * @param keystore     a PKCS12 keystore holding the server's private key and certificate chain
 * @param passwordFile a file whose first line is the keystore's password (also used for the key)
 */
public record Tls(Path keystore, Path passwordFile) {
    public Tls {
        Objects.requireNonNull(keystore, "keystore");
        Objects.requireNonNull(passwordFile, "passwordFile");
    }
}

package dev.parley.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Arrays;
import java.util.Collections;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.glassfish.grizzly.ssl.SSLEngineConfigurator;

/**
 * Turns a {@link Tls} into the SSL engine configuration of Grizzly's listener, loading the keystore itself so that
 * every way it can be wrong (no file, wrong password, not PKCS12, no private key) is one clear message.
 */
final class ServerTls {
    private ServerTls() {
    }

    /** Server mode, no client certificates. */
    static SSLEngineConfigurator engine(Tls tls) throws TlsSetupException {
        return new SSLEngineConfigurator(context(tls), false, false, false);
    }

    static SSLContext context(Tls tls) throws TlsSetupException {
        char[] password = password(tls.passwordFile());
        try {
            KeyStore store = load(tls.keystore(), password);
            if (Collections.list(store.aliases()).stream().noneMatch(alias -> isKey(store, alias))) {
                throw new TlsSetupException("TLS keystore " + tls.keystore() + " holds no private key");
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (UnrecoverableKeyException e) {
            throw new TlsSetupException("TLS keystore " + tls.keystore()
                    + ": its key does not open with the store's password");
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException("TLS keystore " + tls.keystore() + " is unusable: " + e.getMessage());
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private static KeyStore load(Path keystore, char[] password) throws TlsSetupException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password);
            return store;
        } catch (NoSuchFileException | AccessDeniedException e) {
            throw unreadable("TLS keystore", keystore, e);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new TlsSetupException("TLS keystore " + keystore + ": wrong password");
            }
            if (Files.isDirectory(keystore)) {
                throw new TlsSetupException("cannot read TLS keystore " + keystore + ": it is a directory");
            }
            throw new TlsSetupException("TLS keystore " + keystore + " is not a PKCS12 keystore"
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        }
    }

    private static boolean isKey(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The first line of the file, trimmed. */
    private static char[] password(Path file) throws TlsSetupException {
        String line;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            line = in.readLine();
        } catch (IOException e) {
            throw unreadable("TLS password file", file, e);
        }
        String password = line == null ? "" : line.trim();
        if (password.isEmpty()) {
            throw new TlsSetupException("TLS password file " + file + " has an empty first line");
        }
        return password.toCharArray();
    }

    private static TlsSetupException unreadable(String what, Path file, IOException e) {
        String why = e instanceof NoSuchFileException ? "no such file"
                : e instanceof AccessDeniedException ? "permission denied"
                : Files.isDirectory(file) ? "it is a directory"
                : e.getMessage();
        return new TlsSetupException("cannot read " + what + " " + file + ": " + why);
    }
}

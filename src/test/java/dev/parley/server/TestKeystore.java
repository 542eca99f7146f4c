package dev.parley.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway PKCS12 keystore made by the JDK's keytool: an EC P-256 key and a self-signed certificate for
 * {@code CN=localhost} with subject alternative names {@code ip:127.0.0.1} and {@code dns:localhost}, valid two
 * days, so clients can keep host verification on.
 *
 * @param keystore     the PKCS12 file
 * @param passwordFile its password on the first line
 * @param certificate  the server's certificate, the one to trust
 */
public record TestKeystore(Path keystore, Path passwordFile, X509Certificate certificate) {
    public static final String ALIAS = "parley";
    private static final String PASSWORD = "parley-test-password";

    /** Runs keytool into {@code dir}: {@code parley.p12} and {@code password.txt}. */
    public static TestKeystore generate(Path dir) throws IOException, InterruptedException, GeneralSecurityException {
        Path keystore = dir.resolve("parley.p12");
        Path log = dir.resolve("keytool.log");
        Process keytool = new ProcessBuilder(keytool(), "-genkeypair", "-keyalg", "EC", "-groupname", "secp256r1",
                "-alias", ALIAS, "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", PASSWORD)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS), "keytool did not finish");
        assertEquals(0, keytool.exitValue(), () -> "keytool failed: " + read(log));
        Path passwordFile = dir.resolve("password.txt");
        Files.writeString(passwordFile, PASSWORD + "\n", StandardCharsets.UTF_8);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return new TestKeystore(keystore, passwordFile, (X509Certificate) store.getCertificate(ALIAS));
    }

    /** The server side: serve with this keystore. */
    public Tls tls() {
        return new Tls(keystore, passwordFile);
    }

    /** A client context that trusts this certificate and nothing else. */
    public SSLContext trustingContext() throws GeneralSecurityException, IOException {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry(ALIAS, certificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** Deletes the files {@link #generate} made (the directory is the caller's). */
    public void delete() throws IOException {
        for (Path file : List.of(keystore, passwordFile, keystore.resolveSibling("keytool.log"))) {
            Files.deleteIfExists(file);
        }
    }

    private static String keytool() {
        return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}

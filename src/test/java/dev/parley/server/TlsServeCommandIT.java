package dev.parley.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.client.RecordingClient;

/** {@code java -jar target/parley.jar serve} with TLS, as a user runs it: wss from the jar, and its errors. */
class TlsServeCommandIT {
    private static final long WAIT_SECONDS = RecordingClient.WAIT.toSeconds();

    @TempDir
    static Path keys;
    private static TestKeystore keystore;

    @BeforeAll
    static void makeKeystore() throws Exception {
        keystore = TestKeystore.generate(keys);
    }

    @Test
    void servesWssWithTheKeystoreFromTheEnvironment(@TempDir Path dir) throws Exception {
        // The password file's first line is trimmed: CRLF and stray blanks are not part of the password.
        Path password = Files.writeString(dir.resolve("pw"), "  " + Files.readString(keystore.passwordFile()).trim()
                + " \r\nsecond line ignored\n", StandardCharsets.UTF_8);
        Process serve = start(dir, Map.of("PARLEY_TLS_KEYSTORE", keystore.keystore().toString(),
                "PARLEY_TLS_PASSWORD_FILE", password.toString()), "serve", "--port", "0");
        try {
            String base = ServeProcess.awaitServingLine(serve);
            assertTrue(base.startsWith("https://127.0.0.1:"), base);
            URI echo = URI.create(base.replaceFirst("^https", "wss") + "echo");
            ServeCommandIT.echoThenSigterm(serve, RecordingClient.connect(echo, keystore.trustingContext()));
        } finally {
            serve.destroyForcibly();
        }
    }

    @Test
    void aWrongPasswordIsOneErrorLineAndExit1(@TempDir Path dir) throws Exception {
        Path wrong = Files.writeString(dir.resolve("wrong"), "not-the-password\n", StandardCharsets.UTF_8);
        assertFailsWith(dir, 1, List.of("parley: TLS keystore " + keystore.keystore() + ": wrong password"),
                "serve", "--port", "0", "--tls-keystore", keystore.keystore().toString(),
                "--tls-password-file", wrong.toString());
    }

    @Test
    void aMissingKeystoreIsOneErrorLineAndExit1(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("no-such.p12");
        assertFailsWith(dir, 1, List.of("parley: cannot read TLS keystore " + missing + ": no such file"),
                "serve", "--port", "0", "--tls-keystore", missing.toString(),
                "--tls-password-file", keystore.passwordFile().toString());
    }

    @Test
    void anUnreadablePasswordFileIsOneErrorLineAndExit1(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("no-such-password");
        assertFailsWith(dir, 1, List.of("parley: cannot read TLS password file " + missing + ": no such file"),
                "serve", "--port", "0", "--tls-keystore", keystore.keystore().toString(),
                "--tls-password-file", missing.toString());
    }

    @Test
    void aKeystoreWithoutAPasswordFileIsAUsageError(@TempDir Path dir) throws Exception {
        ServeCommandIT.assertUsageError(
                start(dir, Map.of(), "serve", "--port", "0", "--tls-keystore", keystore.keystore().toString()), dir,
                "--tls-keystore and --tls-password-file go together");
    }

    private static void assertFailsWith(Path dir, int status, List<String> stderr, String... args) throws Exception {
        Process serve = start(dir, Map.of(), args);
        try {
            assertTrue(serve.waitFor(WAIT_SECONDS, TimeUnit.SECONDS), "serve kept running");
            assertEquals(status, serve.exitValue());
            assertEquals(stderr, Files.readAllLines(dir.resolve("stderr.txt")));
        } finally {
            serve.destroyForcibly();
        }
    }

    private static Process start(Path dir, Map<String, String> env, String... args) throws IOException {
        return ServeProcess.start(dir, List.of(), List.of(), env, args);
    }
}

package dev.parley.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import jakarta.websocket.DeploymentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.parley.client.RawClient;
import dev.parley.client.RecordingClient;
import dev.parley.wire.Frame;
import dev.parley.wire.Opcode;
import dev.parley.wire.RawFrames;

/**
 * The embedded server with {@code Config.tls()}: https and wss on one port, for clients that trust its certificate
 * (host verification on: the certificate names 127.0.0.1), refused by those that do not, with the WireGuard still
 * checking every frame once TLS has decrypted it.
 */
class TlsIT {
    @RegisterExtension
    static final RunningServer server = RunningServer.withTls();

    @Test
    void theServerGivesHttpsAndWssUris() {
        assertTrue(server.server().secure());
        assertEquals("wss", server.ws("/echo").getScheme());
        assertEquals("https", server.http("/health").getScheme());
    }

    @Test
    void aTyrusClientTrustingTheCertificateGetsItsEchoOverWss() throws Exception {
        try (RecordingClient client = RecordingClient.connect(server.ws("/echo"), trust())) {
            assertEquals("wss", client.session().getRequestURI().getScheme());
            client.send("hello over wss");
            assertEquals("hello over wss", client.nextText());
        }
    }

    /**
     * Each write to a connection counts against its unwritten bound until the socket has taken it (WireGuard); over
     * TLS the count must be released too, or 4 MiB of echoes, four times the bound, would close the client 1008.
     */
    @Test
    void echoesFourTimesTheUnwrittenBoundGoThroughOverWss() throws Exception {
        String text = "x".repeat(64 * 1024);
        try (RecordingClient client = RecordingClient.connect(server.ws("/echo"), trust())) {
            for (int i = 0; i < 64; i++) {
                client.send(text);
                assertEquals(text, client.nextText(), "echo " + i);
            }
        }
    }

    @Test
    void chatWelcomesOverWss() throws Exception {
        try (RecordingClient client = RecordingClient.connect(server.ws("/chat?name=alice"), trust())) {
            String welcome = client.nextText();
            assertTrue(welcome.startsWith("{\"type\":\"welcome\",\"user\":\"alice\""), welcome);
        }
    }

    @Test
    void healthAnswersOverHttps() throws Exception {
        HttpClient https = HttpClient.newBuilder().sslContext(server.keystore().trustingContext()).build();
        HttpResponse<String> response = https.send(HttpRequest.newBuilder(server.http("/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals("{\"status\":\"UP\"}", response.body());
    }

    @Test
    void clientsThatDoNotTrustTheCertificateFailTheHandshake() throws Exception {
        // The JDK's default trust store does not know a certificate made a moment ago.
        assertThrows(DeploymentException.class, () -> RecordingClient.connect(server.ws("/echo"), null).close());
        assertThrows(SSLHandshakeException.class, () -> HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(server.http("/health")).build(), HttpResponse.BodyHandlers.ofString()));
        // ... and the server carries on for those that do.
        try (RecordingClient client = RecordingClient.connect(server.ws("/echo"), trust())) {
            client.send("still serving");
            assertEquals("still serving", client.nextText());
        }
    }

    @Test
    void theWireGuardChecksFramesAfterDecryption() throws Exception {
        URI echo = server.ws("/echo");
        try (RawClient client = RawClient.over(tlsSocket(echo), echo, RecordingClient.WAIT)) {
            client.send(Frame.text("masked, as it must be"));
            assertEquals("masked, as it must be", client.read().frame().text());

            client.sendRaw(RawFrames.frame(0x81).unmasked().payloadText("hello").build());
            Frame close = client.read().frame();
            assertEquals(Opcode.CLOSE, close.opcode(), close.toString());
            assertEquals(1002, close.closeStatus().code(), close.closeStatus().toString());
        }
    }

    /** A TLS socket to the server, trusting its certificate, with host verification on. */
    private static SSLSocket tlsSocket(URI uri) throws Exception {
        SSLSocket socket = (SSLSocket) server.keystore().trustingContext().getSocketFactory()
                .createSocket(uri.getHost(), uri.getPort());
        try {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static SSLContext trust() throws Exception {
        return server.keystore().trustingContext();
    }
}

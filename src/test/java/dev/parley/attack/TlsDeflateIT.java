package dev.parley.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.parley.server.RunningServer;
import dev.parley.wire.CloseCode;
import dev.parley.wire.Frame;
import dev.parley.wire.Opcode;

/**
 * permessage-deflate over TLS (wss): the inflater ({@code server/InboundDeflate}) and {@code CodecBypass} sit behind
 * the TLS filter, so they see decrypted bytes however TLS records cut them. A large compressed message in fragments
 * with pings between them is echoed whole; a message inflating past the cap is 1009; RSV1 on a continuation is 1002.
 */
class TlsDeflateIT {
    @RegisterExtension
    static final RunningServer server = RunningServer.withTls(config -> config.withDeflate(
            config.deflate().withOn(true)));

    @Test
    void aLargeCompressedMessageInFragmentsWithPingsIsEchoedWhole() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int n = 0; text.length() < 200_000; n++) {
            text.append("line ").append(n).append(" of a long message over TLS\n");
        }
        byte[] compressed = RawWebSocket.deflated(text.toString().getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        int step = 997; // fragments that cross TLS records anywhere
        for (int at = 0; at < compressed.length; at += step) {
            int end = Math.min(compressed.length, at + step);
            wire.writeBytes(RawWebSocket.frame(end == compressed.length, at == 0,
                    at == 0 ? Opcode.TEXT : Opcode.CONTINUATION, Arrays.copyOfRange(compressed, at, end)));
            if (end < compressed.length && (at / step) % 10 == 0) {
                wire.writeBytes(RawWebSocket.frame(true, false, Opcode.PING, new byte[] {1}));
            }
        }
        try (RawWebSocket client = open()) {
            assertTrue(client.response.headers().first("Sec-WebSocket-Extensions").isPresent());
            client.send(wire.toByteArray());
            Frame frame;
            int pongs = 0;
            while ((frame = client.peekControl()) != null) {
                assertEquals(Opcode.PONG, frame.opcode());
                pongs++;
            }
            assertTrue(pongs > 0, "no pong");
            assertEquals(text.toString(), client.readMessage().text());
        }
    }

    @Test
    void aMessageInflatingPastTheCapIs1009() throws Exception {
        byte[] compressed = RawWebSocket.deflated(new byte[(1 << 20) + 1]);
        try (RawWebSocket client = open()) {
            client.send(RawWebSocket.frame(true, true, Opcode.BINARY, compressed));
            assertEquals(CloseCode.MESSAGE_TOO_BIG.code(), client.readCloseCode());
        }
    }

    @Test
    void rsv1OnAContinuationIs1002() throws Exception {
        byte[] compressed = RawWebSocket.deflated("hello over TLS".getBytes(StandardCharsets.UTF_8));
        try (RawWebSocket client = open()) {
            client.send(RawWebSocket.frame(false, true, Opcode.TEXT, compressed));
            client.send(RawWebSocket.frame(true, true, Opcode.CONTINUATION, compressed));
            assertEquals(CloseCode.PROTOCOL_ERROR.code(), client.readCloseCode());
        }
    }

    private static RawWebSocket open() throws Exception {
        URI echo = server.ws("/echo");
        SSLSocket socket = (SSLSocket) server.keystore().trustingContext().getSocketFactory()
                .createSocket(echo.getHost(), echo.getPort());
        try {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        return RawWebSocket.upgrade(socket, echo.getPort(), "/echo", true, new byte[0]);
    }
}

package dev.parley.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.websocket.CloseReason;

import org.junit.jupiter.api.Test;

import dev.parley.client.RecordingClient;

/** {@link ParleyServer#stop()} says goodbye: open clients get 1001, not the 1006 of Tyrus's own stop. */
class ShutdownIT {

    @Test
    void stopClosesEveryOpenWebSocketWith1001() throws Exception {
        ParleyServer server = ParleyServer.start(Config.defaults().withPort(0));
        try (RecordingClient echo = RecordingClient.connect(server.uri("ws", "/echo"));
             RecordingClient broadcast = RecordingClient.connect(server.uri("ws", "/broadcast"))) {
            echo.send("before stop");
            assertEquals("before stop", echo.nextText());

            server.stop();

            for (RecordingClient client : new RecordingClient[] {echo, broadcast}) {
                CloseReason reason = client.awaitClose();
                assertEquals(CloseReason.CloseCodes.GOING_AWAY, reason.getCloseCode());
                assertEquals("server shutting down", reason.getReasonPhrase());
            }
        } finally {
            server.stop();
        }
    }
}

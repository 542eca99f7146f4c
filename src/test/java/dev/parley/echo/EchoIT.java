package dev.parley.echo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;

import jakarta.websocket.CloseReason;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.parley.client.RecordingClient;
import dev.parley.deploy.ParleyTarget;
import dev.parley.deploy.TestDeployment;

/** {@code /echo} through the Tyrus client: every length at the frame-header boundaries, text and binary. */
@Tag("portable")
class EchoIT {
    private static final int MIB = 1 << 20;

    @RegisterExtension
    static final ParleyTarget server = ParleyTarget.of(TestDeployment.DEFAULTS);

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 125, 126, 127, 65535, 65536, MIB})
    void textComesBackUnchanged(int length) throws Exception {
        String text = pattern(length);
        try (RecordingClient client = RecordingClient.connect(server.ws("/echo"))) {
            client.send(text);
            assertEquals(text, client.nextText());
        }
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 125, 126, 127, 65535, 65536, MIB})
    void binaryComesBackUnchanged(int length) throws Exception {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++) {
            data[i] = (byte) (i * 31 + 7);
        }
        try (RecordingClient client = RecordingClient.connect(server.ws("/echo"))) {
            client.send(ByteBuffer.wrap(data.clone()));
            ByteBuffer echoed = client.nextBinary();
            byte[] bytes = new byte[echoed.remaining()];
            echoed.get(bytes);
            assertArrayEquals(data, bytes);
        }
    }

    @Test
    void multiByteUtf8SurvivesTheRoundTrip() throws Exception {
        try (RecordingClient client = RecordingClient.connect(server.ws("/echo"))) {
            for (String text : new String[] {"你好，世界", "🎉👩‍💻🚀", "κόσμε", "a\u0000b", "\uD83D\uDE00".repeat(40_000)}) {
                client.send(text);
                assertEquals(text, client.nextText());
            }
        }
    }

    @Test
    void textOverTheMessageCapIsClosedWith1009() throws Exception {
        try (RecordingClient client = RecordingClient.connect(server.ws("/echo"))) {
            CloseReason close = client.awaitCloseAfter(() -> client.send(pattern(MIB + 1)));
            assertEquals(CloseReason.CloseCodes.TOO_BIG, close.getCloseCode());
        }
    }

    @Test
    void utf8BytesNotCharactersCountTowardsTheCap() throws Exception {
        // 2 bytes per character in UTF-8: 540 000 characters are 1 080 000 bytes, over the 1 MiB cap
        // (though fewer characters than 1 MiB).
        try (RecordingClient client = RecordingClient.connect(server.ws("/echo"))) {
            CloseReason close = client.awaitCloseAfter(() -> client.send("é".repeat(540_000)));
            assertEquals(CloseReason.CloseCodes.TOO_BIG, close.getCloseCode());
        }
    }

    @Test
    void binaryOverTheMessageCapIsClosedWith1009() throws Exception {
        try (RecordingClient client = RecordingClient.connect(server.ws("/echo"))) {
            CloseReason close = client.awaitCloseAfter(() -> client.send(ByteBuffer.allocate(MIB + 1)));
            assertEquals(CloseReason.CloseCodes.TOO_BIG, close.getCloseCode());
        }
    }

    @Test
    void fragmentedMessageOverTheCapIsClosedWith1009() throws Exception {
        byte[] fragment = new byte[256 * 1024];
        try (RecordingClient client = RecordingClient.connect(server.ws("/echo"))) {
            CloseReason close = client.awaitCloseAfter(() -> {
                for (int i = 0; i < 4; i++) {
                    client.session().getBasicRemote().sendBinary(ByteBuffer.wrap(fragment), false);
                }
                client.session().getBasicRemote().sendBinary(ByteBuffer.wrap(new byte[1]), true);
            });
            assertEquals(CloseReason.CloseCodes.TOO_BIG, close.getCloseCode());
        }
    }

    @Test
    void aMessageAtTheCapAfterAnOversizeOneStillWorksOnANewConnection() throws Exception {
        try (RecordingClient rejected = RecordingClient.connect(server.ws("/echo"))) {
            CloseReason close = rejected.awaitCloseAfter(() -> rejected.send(ByteBuffer.allocate(MIB + 1)));
            assertEquals(CloseReason.CloseCodes.TOO_BIG, close.getCloseCode());
        }
        try (RecordingClient client = RecordingClient.connect(server.ws("/echo"))) {
            client.send("still here");
            assertEquals("still here", client.nextText());
        }
    }

    /** {@code length} ASCII characters (= bytes in UTF-8), not all alike, so a misplaced byte shows. */
    static String pattern(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = (char) ('a' + i % 26);
        }
        return new String(chars);
    }
}

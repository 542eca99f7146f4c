package dev.parley.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.parley.wire.Frame;
import dev.parley.wire.FrameDecoder;

/** The frame a message carries is encoded once, for every receiver (the embedded server's raw frame sink). */
class OutboundMessageTest {

    @Test
    void aMessageIsEncodedOnceAsOneServerFrame() {
        OutboundMessage message = OutboundMessage.text("grüße €");
        byte[] frame = message.frame();
        assertSame(frame, message.frame());
        Frame decoded = FrameDecoder.client(1 << 20).decode(ByteBuffer.wrap(frame));
        assertTrue(decoded.fin());
        assertArrayEquals("grüße €".getBytes(StandardCharsets.UTF_8), decoded.payload().toByteArray());
        assertEquals(decoded.payload().size(), message.size());
    }

    @Test
    void aBinaryMessageKeepsItsBytesAndTheCallersPosition() {
        ByteBuffer data = ByteBuffer.wrap(new byte[70_000]);
        data.put(69_999, (byte) 7);
        OutboundMessage message = OutboundMessage.binary(data);
        Frame decoded = FrameDecoder.client(1 << 20).decode(ByteBuffer.wrap(message.frame()));
        assertArrayEquals(data.array(), decoded.payload().toByteArray());
        assertEquals(0, data.position());
        assertEquals(70_000, data.remaining());
    }
}

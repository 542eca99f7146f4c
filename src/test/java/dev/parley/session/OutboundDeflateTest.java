package dev.parley.session;

import static dev.parley.session.DeflatedFrames.CONTEXT;
import static dev.parley.session.DeflatedFrames.NO_CONTEXT;
import static dev.parley.session.DeflatedFrames.decode;
import static dev.parley.session.DeflatedFrames.inflater;
import static dev.parley.session.DeflatedFrames.json;
import static dev.parley.session.DeflatedFrames.message;
import static dev.parley.session.DeflatedFrames.random;
import static dev.parley.session.DeflatedFrames.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Optional;

import jakarta.websocket.SendResult;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import dev.parley.wire.Frame;
import dev.parley.wire.MessageInflater;
import dev.parley.wire.Opcode;
import dev.parley.wire.ProtocolViolation;

/**
 * The frames a session's sink writes under each permessage-deflate outcome are valid RFC 7692 messages, read back
 * with the project's own decoder (RSV1 allowed) and inflater.
 */
class OutboundDeflateTest {
    private static final int[] SIZES = {0, 1, 127, 128, 129, 1024, 65_535, 65_536, 70_000, 1 << 20};
    private final OutboundDeflate deflate = new OutboundDeflate(128, 4);

    @Test
    void withoutDeflateEveryFrameIsThePlainSharedOne() {
        DeflatedFrames client = new DeflatedFrames();
        FrameSink sink = deflate.sink(client, Optional.empty());
        OutboundMessage message = OutboundMessage.text(json(4096, 1));
        sink.send(message, result -> { });
        assertSame(message.frame(), client.written.get(0));
        assertFalse(decode(client.written.get(0)).rsv1());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void noContextTakeoverTextFrom0BTo1MiBInflatesBackAndOnlyCompressedFramesHaveRsv1(boolean binary) {
        DeflatedFrames client = new DeflatedFrames();
        FrameSink sink = deflate.sink(client, NO_CONTEXT);
        for (int size : SIZES) {
            byte[] original = utf8(json(size, size));
            sink.send(binary ? OutboundMessage.binary(ByteBuffer.wrap(original)) : OutboundMessage.text(json(size, size)),
                    result -> { });
            byte[] frame = client.written.get(client.written.size() - 1);
            Frame decoded = decode(frame);
            assertEquals(binary ? Opcode.BINARY : Opcode.TEXT, decoded.opcode());
            assertEquals(original.length >= 128, decoded.rsv1(), "RSV1 on a message of " + original.length + " B");
            if (original.length >= 1024) {
                assertTrue(decoded.payload().size() < original.length / 2, "JSON compresses: " + size);
            }
            // A fresh inflater for every message: each one is a stream of its own, no context shared.
            assertArrayEquals(original, message(frame, inflater(true)), "size " + size);
        }
    }

    @Test
    void aMessageThatDoesNotShrinkGoesUncompressed() {
        DeflatedFrames client = new DeflatedFrames();
        FrameSink sink = deflate.sink(client, NO_CONTEXT);
        for (int size : new int[] {128, 1000, 1 << 20}) {
            OutboundMessage message = OutboundMessage.binary(ByteBuffer.wrap(random(size, size)));
            sink.send(message, result -> { });
            assertSame(message.frame(), client.written.get(client.written.size() - 1), "random bytes: " + size);
            assertSame(message.frame(), message.deflatedFrame());
        }
    }

    @Test
    void withoutContextTakeoverEqualMessagesGiveEqualFramesAndTheSecondNeedsNoHistory() {
        DeflatedFrames client = new DeflatedFrames();
        FrameSink sink = deflate.sink(client, NO_CONTEXT);
        String text = json(2000, 7);
        sink.send(OutboundMessage.text(text), result -> { });
        sink.send(OutboundMessage.text(text), result -> { });
        assertArrayEquals(client.written.get(0), client.written.get(1));
        assertArrayEquals(utf8(text), message(client.written.get(1), inflater(true)));
    }

    @Test
    void withContextTakeoverTheSecondMessageUsesTheFirstAsHistory() {
        DeflatedFrames client = new DeflatedFrames();
        FrameSink sink = deflate.sink(client, CONTEXT);
        String text = json(2000, 7);
        for (int i = 0; i < 3; i++) {
            sink.send(OutboundMessage.text(text), result -> { });
        }
        MessageInflater keeping = inflater(false);
        for (byte[] frame : client.written) {
            assertTrue(decode(frame).rsv1());
            assertArrayEquals(utf8(text), message(frame, keeping));
        }
        // The repeat is a back reference into the first message: a few bytes, and meaningless without that history.
        int first = decode(client.written.get(0)).payload().size();
        int repeat = decode(client.written.get(1)).payload().size();
        assertTrue(repeat < first / 4, "repeat compressed against the window: " + repeat + " B after " + first + " B");
        byte[] second = client.written.get(1);
        try {
            assertNotEquals(utf8(text).length, message(second, inflater(true)).length);
        } catch (ProtocolViolation expected) {
            assertEquals(1007, expected.code().code());
        }
        sink.closed();
    }

    @Test
    void contextTakeoverSendsEverythingFromTheThresholdCompressedAndTheRestPlain() {
        DeflatedFrames client = new DeflatedFrames();
        FrameSink sink = deflate.sink(client, CONTEXT);
        byte[] noise = random(5000, 3);
        sink.send(OutboundMessage.binary(ByteBuffer.wrap(noise)), result -> { });
        sink.send(OutboundMessage.text("short"), result -> { });
        sink.send(OutboundMessage.text(json(300, 2)), result -> { });
        MessageInflater keeping = inflater(false);
        assertTrue(decode(client.written.get(0)).rsv1(), "in the window, so sent compressed though it grew");
        assertFalse(decode(client.written.get(1)).rsv1());
        assertArrayEquals(noise, message(client.written.get(0), keeping));
        assertArrayEquals(utf8("short"), message(client.written.get(1), keeping));
        assertArrayEquals(utf8(json(300, 2)), message(client.written.get(2), keeping));
        sink.closed();
    }

    @Test
    void contextDeflatersAreBoundedFreedOnCloseAndBeyondTheBoundTheSharedFrameServes() {
        OutboundDeflate one = new OutboundDeflate(128, 1);
        DeflatedFrames first = new DeflatedFrames();
        DeflatedFrames second = new DeflatedFrames();
        FrameSink owning = one.sink(first, CONTEXT);
        FrameSink sharing = one.sink(second, CONTEXT);
        assertEquals(0, one.contextDeflaters(), "made at the first message worth compressing");
        MessageInflater keeping = inflater(false);
        for (int i = 0; i < 5; i++) {
            OutboundMessage message = OutboundMessage.text(json(1000 + i, i % 2));
            owning.send(message, result -> { });
            sharing.send(message, result -> { });
            assertSame(message.deflatedFrame(), second.written.get(i));
            // A client that keeps its window reads messages compressed without context just as well.
            assertArrayEquals(utf8(json(1000 + i, i % 2)), message(second.written.get(i), keeping));
        }
        assertEquals(1, one.contextDeflaters());
        assertTrue(((ContextTakeoverSink) owning).ownsDeflater());
        owning.closed();
        assertEquals(0, one.contextDeflaters());
        assertFalse(((ContextTakeoverSink) owning).ownsDeflater());
        assertThrows(IllegalStateException.class, () -> owning.send(OutboundMessage.text(json(500, 1)),
                result -> { }));
        sharing.closed();
        assertEquals(0, one.contextDeflaters());
    }

    @Test
    void aContextSinkClosedBeforeItsFirstMessageTakesNoPlace() {
        OutboundDeflate one = new OutboundDeflate(128, 1);
        FrameSink sink = one.sink(new DeflatedFrames(), CONTEXT);
        sink.closed();
        assertEquals(0, one.contextDeflaters());
        SendResult[] result = new SendResult[1];
        assertThrows(IllegalStateException.class, () -> sink.send(OutboundMessage.text(json(500, 1)),
                r -> result[0] = r));
    }
}

package dev.parley.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 7692 §7.2.1: compressing a message; round trips through {@link MessageInflater}. */
class MessageDeflaterTest {
    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Inflates one message of {@code payload} and returns its bytes. */
    private static byte[] inflate(MessageInflater inflater, byte[] payload) {
        byte[][] out = {new byte[0]};
        MessageInflater.Sink sink = (chunk, offset, length) -> {
            int old = out[0].length;
            out[0] = Arrays.copyOf(out[0], old + length);
            System.arraycopy(chunk, offset, out[0], old, length);
        };
        inflater.inflate(ByteBuffer.wrap(payload), sink);
        inflater.endMessage(sink);
        return out[0];
    }

    @Test
    void rfc7692Section7231Hello() {
        // §7.2.3.1: "Hello" compresses to "0xf2 0x48 0xcd 0xc9 0xc9 0x07 0x00"; framed with RSV1 as
        // "0xc1 0x07 0xf2 0x48 0xcd 0xc9 0xc9 0x07 0x00".
        try (MessageDeflater deflater = new MessageDeflater(Deflater.DEFAULT_COMPRESSION, true)) {
            Bytes payload = deflater.deflate(Bytes.utf8("Hello"));
            assertEquals("f248cdc9c90700", payload.toString());
            ByteBuffer out = ByteBuffer.allocate(16);
            FrameEncoder.server().encode(new Frame(true, true, false, false, Opcode.TEXT, payload), out);
            assertEquals("c107f248cdc9c90700", hex(Arrays.copyOf(out.array(), out.position())));
        }
    }

    @Test
    void rfc7692Section7232ContextTakeover() {
        // §7.2.3.2: with context takeover the second "Hello" is "0xf2 0x00 0x11 0x00 0x00", a back reference.
        try (MessageDeflater deflater = new MessageDeflater(Deflater.DEFAULT_COMPRESSION, false)) {
            assertEquals("f248cdc9c90700", deflater.deflate(Bytes.utf8("Hello")).toString());
            assertEquals("f200110000", deflater.deflate(Bytes.utf8("Hello")).toString());
        }
    }

    @Test
    void noContextTakeoverGivesTheSameBytesEveryTime() {
        // §7.1.1.1: with server_no_context_takeover the server "MUST start compressing each new message with an empty
        // LZ77 sliding window" -- which is what lets one compressed broadcast serve every member.
        try (MessageDeflater deflater = new MessageDeflater(Deflater.DEFAULT_COMPRESSION, true)) {
            Bytes first = deflater.deflate(Bytes.utf8("{\"room\":\"lobby\",\"text\":\"hi\"}"));
            for (int i = 0; i < 3; i++) {
                assertEquals(first, deflater.deflate(Bytes.utf8("{\"room\":\"lobby\",\"text\":\"hi\"}")));
            }
        }
    }

    @Test
    void emptyMessage() {
        // §7.2.3.6: an empty message is "0x00" once the tail is removed.
        try (MessageDeflater deflater = new MessageDeflater(Deflater.DEFAULT_COMPRESSION, true)) {
            assertEquals("00", deflater.deflate(Bytes.EMPTY).toString());
        }
        // With context takeover a second empty message leaves the sync flush nothing to write; the appended empty
        // stored block gives "0x00" again.
        try (MessageDeflater deflater = new MessageDeflater(Deflater.DEFAULT_COMPRESSION, false);
                MessageInflater inflater = new MessageInflater(10, false, 10)) {
            for (int i = 0; i < 3; i++) {
                byte[] payload = deflater.deflate(ByteBuffer.allocate(0));
                assertEquals("00", hex(payload));
                assertArrayEquals(new byte[0], inflate(inflater, payload));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 5, 63, 64, 65, 1000, 65535, 65536, 1 << 20})
    void roundTripsWithAndWithoutContextTakeover(int size) {
        Random random = new Random(size);
        for (boolean reset : new boolean[] {true, false}) {
            try (MessageDeflater deflater = new MessageDeflater(Deflater.DEFAULT_COMPRESSION, reset);
                    MessageInflater inflater = new MessageInflater(1 << 20, reset, 4096)) {
                for (int message = 0; message < 3; message++) {
                    byte[] original = new byte[size];
                    if (message == 1) {
                        random.nextBytes(original); // incompressible: output a little larger than input
                    } else {
                        for (int i = 0; i < size; i++) {
                            original[i] = (byte) "{\"text\":\"hello parley\"}".charAt(random.nextInt(23));
                        }
                    }
                    byte[] compressed = deflater.deflate(ByteBuffer.wrap(original));
                    assertArrayEquals(original, inflate(inflater, compressed), "size " + size + ", reset " + reset);
                }
            }
        }
    }

    @Test
    void contextTakeoverShrinksRepeatedMessages() {
        byte[] json = utf8("{\"type\":\"message\",\"room\":\"lobby\",\"from\":\"ada\",\"text\":\"see you at nine\"}");
        try (MessageDeflater keep = new MessageDeflater(Deflater.DEFAULT_COMPRESSION, false);
                MessageDeflater reset = new MessageDeflater(Deflater.DEFAULT_COMPRESSION, true);
                MessageInflater inflater = new MessageInflater(1 << 20, false, 4096)) {
            byte[] first = keep.deflate(ByteBuffer.wrap(json));
            byte[] second = keep.deflate(ByteBuffer.wrap(json));
            assertTrue(second.length < 10 && second.length < reset.deflate(ByteBuffer.wrap(json)).length,
                    "second " + second.length);
            assertArrayEquals(json, inflate(inflater, first));
            assertArrayEquals(json, inflate(inflater, second));
        }
    }

    @Test
    void compressedPayloadsSplitAnywhereInflateTheSame() {
        byte[] text = utf8("permessage-deflate ".repeat(500));
        try (MessageDeflater deflater = new MessageDeflater(9, true)) {
            byte[] compressed = deflater.deflate(ByteBuffer.wrap(text));
            for (int split = 0; split <= compressed.length; split++) {
                try (MessageInflater inflater = new MessageInflater(text.length, true, 100)) {
                    byte[][] out = {new byte[0]};
                    MessageInflater.Sink sink = (chunk, offset, length) -> {
                        int old = out[0].length;
                        out[0] = Arrays.copyOf(out[0], old + length);
                        System.arraycopy(chunk, offset, out[0], old, length);
                    };
                    inflater.inflate(compressed, 0, split, sink);
                    inflater.inflate(compressed, split, compressed.length - split, sink);
                    inflater.endMessage(sink);
                    assertArrayEquals(text, out[0], "split at " + split);
                }
            }
        }
    }

    @Test
    void negotiatedParametersPickTheResets() {
        DeflateParameters parameters = new DeflateParameters(15, 15, true, false, false, false);
        byte[] json = utf8("{\"text\":\"hello\"}");
        try (MessageDeflater server = MessageDeflater.of(parameters, Role.SERVER);
                MessageInflater client = MessageInflater.of(parameters, Role.CLIENT, 1 << 20)) {
            byte[] first = server.deflate(ByteBuffer.wrap(json));
            assertArrayEquals(first, server.deflate(ByteBuffer.wrap(json)), "server resets");
            assertArrayEquals(json, inflate(client, first));
            assertArrayEquals(json, inflate(client, first));
        }
    }
}

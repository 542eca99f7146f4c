package dev.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

import org.junit.jupiter.api.Test;

import dev.parley.wire.Bytes;
import dev.parley.wire.Frame;
import dev.parley.wire.FrameEncoder;
import dev.parley.wire.MessageDeflater;
import dev.parley.wire.MessageInflater;
import dev.parley.wire.Opcode;

/**
 * The scanner with an inflater ({@code bench --deflate}): RSV1 messages are reported with their inflated length and
 * prefix, plain ones as before, whatever the read boundaries; the data frames' wire bytes are counted as sent.
 */
class ServerFrameScannerDeflateTest {
    @Test
    void compressedMessagesAreReportedInflatedAndWireBytesCounted() {
        FrameEncoder server = FrameEncoder.server();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        List<String> expected = new ArrayList<>();
        long dataWire = 0;
        try (MessageDeflater deflater = new MessageDeflater(Deflater.DEFAULT_COMPRESSION, false)) {
            for (int i = 0; i < 6; i++) {
                String text = ("message " + i + " ").repeat(1 + i * 500);
                Bytes plain = Bytes.utf8(text);
                boolean compress = i % 3 != 2; // now and then one uncompressed, which the extension allows
                byte[] frame;
                if (compress && i == 4) { // compressed and fragmented: RSV1 on the first frame only
                    Bytes c = deflater.deflate(plain);
                    byte[] all = c.toByteArray();
                    int half = all.length / 2;
                    byte[] a = server.encode(new Frame(false, true, false, false, Opcode.TEXT, Bytes.copyOf(all, 0, half)));
                    byte[] b = server.encode(Frame.continuation(Bytes.copyOf(all, half, all.length - half), true));
                    frame = ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
                } else if (compress) {
                    frame = server.encode(new Frame(true, true, false, false, Opcode.TEXT, deflater.deflate(plain)));
                } else {
                    frame = server.encode(Frame.text(text));
                }
                wire.writeBytes(frame);
                wire.writeBytes(server.encode(Frame.ping(Bytes.utf8("p"))));
                dataWire += frame.length;
                expected.add(plain.size() + ":" + text.substring(0, Math.min(Timestamps.LENGTH, text.length())));
            }
        }
        byte[] bytes = wire.toByteArray();
        for (int step : new int[] {1, 7, 100, bytes.length}) {
            List<String> seen = new ArrayList<>();
            ServerFrameScanner scanner = new ServerFrameScanner(Timestamps.LENGTH);
            long counted = 0;
            try (MessageInflater inflater = new MessageInflater(1 << 20, false, 8192)) {
                scanner.inflateWith(inflater);
                ServerFrameScanner.Sink sink = new ServerFrameScanner.Sink() {
                    @Override
                    public void message(int opcode, long length, byte[] prefix, int prefixLength) {
                        seen.add(length + ":" + new String(prefix, 0, prefixLength, StandardCharsets.UTF_8));
                    }

                    @Override
                    public void control(int opcode, byte[] body, int length) {
                        // pings between messages: not data
                    }
                };
                for (int at = 0; at < bytes.length; at += step) {
                    scanner.scan(ByteBuffer.wrap(bytes, at, Math.min(step, bytes.length - at)), sink);
                    counted += scanner.takeWireBytes();
                }
            }
            assertEquals(expected, seen, "reads of " + step + " bytes");
            assertEquals(dataWire, counted, "reads of " + step + " bytes");
        }
    }
}

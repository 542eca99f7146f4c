package dev.parley.soak;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;

import dev.parley.wire.Bytes;
import dev.parley.wire.Frame;
import dev.parley.wire.FrameEncoder;
import dev.parley.wire.MaskKeys;

/**
 * Issue 11, finding 1: a client that sends ping frames and never reads, so every pong the server owes it piles up.
 * One connection at a time, {@value #PINGS_PER_SECOND} pings of 125 bytes per second, a 4 KiB receive window; when the
 * server stops taking them, what it sent last (its close frame, behind the pongs) is read to see how it ended.
 */
final class PingFlood extends Attack {
    static final int PINGS_PER_SECOND = 5_000;
    private static final int BATCH = 50;

    PingFlood(InetSocketAddress server, InetAddress local) {
        super("ping-flood", server, local);
    }

    @Override
    void attack() throws IOException {
        byte[] batch = batch();
        while (running()) {
            Ws ws = websocket("/chat?name=pingflood", 4096, Duration.ofSeconds(5));
            if (ws == null) {
                pause(1000);
                continue;
            }
            count("connections");
            long start = System.nanoTime();
            long sent = 0;
            try {
                while (running()) {
                    ws.client().sendRaw(batch);
                    sent += BATCH;
                    count("pings", BATCH);
                    long due = start + sent * 1_000_000_000L / PINGS_PER_SECOND;
                    long ahead = due - System.nanoTime();
                    if (ahead > 1_000_000 && !pause(ahead / 1_000_000)) {
                        break;
                    }
                }
            } catch (IOException e) {
                count("write-refused");
            }
            if (running()) {
                count("ended-" + closeOf(ws.client(), null));
                count("seconds-connected", (System.nanoTime() - start) / 1_000_000_000L);
            }
            forget(ws);
        }
    }

    private static byte[] batch() {
        FrameEncoder encoder = FrameEncoder.client(MaskKeys.fixed(0x1F2E3D4C));
        byte[] payload = new byte[125];
        Arrays.fill(payload, (byte) 'p');
        byte[] one = encoder.encode(Frame.ping(Bytes.of(payload)));
        ByteArrayOutputStream out = new ByteArrayOutputStream(one.length * BATCH);
        for (int i = 0; i < BATCH; i++) {
            out.writeBytes(one);
        }
        return out.toByteArray();
    }
}

package dev.parley.session;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.zip.Deflater;

import dev.parley.wire.MessageDeflater;

/**
 * The deflaters that compress broadcasts once for every receiver without server context takeover
 * ({@link OutboundMessage#deflatedFrame}): a few idle {@link MessageDeflater}s (reset after each message) kept for
 * reuse, so a compression costs no zlib set-up (~262 KiB of native state made and freed per message otherwise).
 * As many are made as compressions run at once; at most {@link #IDLE_MAX} are kept idle, the rest freed at once.
 */
final class SharedDeflaters {
    /** Idle deflaters kept: one per core, 2–8 (each ~262 KiB native: zlib's 15-bit window and memLevel 8). */
    static final int IDLE_MAX = Math.min(8, Math.max(2, Runtime.getRuntime().availableProcessors()));

    private static final ArrayBlockingQueue<MessageDeflater> IDLE = new ArrayBlockingQueue<>(IDLE_MAX);

    private SharedDeflaters() {
    }

    /** The remaining bytes of {@code payload} compressed as one message without context (tail stripped). */
    static byte[] deflate(ByteBuffer payload) {
        MessageDeflater deflater = IDLE.poll();
        if (deflater == null) {
            deflater = new MessageDeflater(Deflater.DEFAULT_COMPRESSION, true);
        }
        boolean clean = false;
        try {
            byte[] compressed = deflater.deflate(payload);
            clean = true;
            return compressed;
        } finally {
            if (!clean || !IDLE.offer(deflater)) { // a failed one's stream state is unknown: never reused
                deflater.close();
            }
        }
    }
}

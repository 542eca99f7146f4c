package dev.parley.bench;

/**
 * The text of a chat workload's {@code say}: the sender's {@link System#nanoTime()} (when it was sent, or due in the
 * open loop) and the message's sequence number in the run, each as 16 hex digits ({@link Timestamps}), then prose up
 * to the size ({@link ChatProse}). Every receiver reads both back from the {@code message} frame: one JVM sends and
 * receives, so the send time is comparable with its own clock, and the sequence says which message it is. ASCII
 * only, so JSON never escapes it.
 */
final class ChatText {
    /** The send time and the sequence. */
    static final int MIN_LENGTH = 2 * Timestamps.LENGTH;

    private ChatText() {
    }

    /** Writes {@code sentAt} and {@code seq} into {@code target[offset..offset+32)}. */
    static void write(long sentAt, long seq, byte[] target, int offset) {
        Timestamps.write(sentAt, target, offset);
        Timestamps.write(seq, target, offset + Timestamps.LENGTH);
    }

    /** The send time in a text at {@code source[offset..offset+length)}, or {@link Long#MIN_VALUE}. */
    static long sentAt(byte[] source, int offset, int length) {
        return length < MIN_LENGTH ? Long.MIN_VALUE : read(source, offset);
    }

    /** The sequence number in a text at {@code source[offset..offset+length)}, or {@link Long#MIN_VALUE}. */
    static long seq(byte[] source, int offset, int length) {
        return length < MIN_LENGTH ? Long.MIN_VALUE : read(source, offset + Timestamps.LENGTH);
    }

    private static long read(byte[] source, int offset) {
        return Timestamps.read(source, offset, source.length - offset);
    }
}

package dev.parley.bench;

import java.nio.charset.StandardCharsets;

/**
 * One room's client frames, encoded once (masked, as the {@link Driver} encodes them): its {@code join} and its
 * {@code say}, whose ack id (the sequence, 16 hex digits) and text ({@link ChatText}, then {@link ChatProse} up to the
 * size) are written into the encoded frame in place for each message, masked with the driver's fixed key. So a say
 * costs no encoding and no allocation (with {@code --deflate} the connection then compresses it).
 */
final class ChatSay {
    private final byte[] join;
    private final byte[] say;
    private final int payloadAt;
    private final int ackAt;
    private final int textAt;
    private final byte[] stamp = new byte[ChatText.MIN_LENGTH];
    private final ChatProse prose;
    private final byte[] prosed;

    ChatSay(Driver driver, String room, int size) {
        this.join = driver.textMessage(ascii("{\"type\":\"join\",\"room\":\"" + room + "\",\"ack\":\"j\"}"));
        String head = "{\"type\":\"say\",\"room\":\"" + room + "\",\"ack\":\"";
        String middle = "\",\"text\":\"";
        byte[] payload = ascii(head + "0".repeat(Timestamps.LENGTH) + middle + "x".repeat(size) + "\"}");
        this.say = driver.textMessage(payload);
        this.payloadAt = say.length - payload.length;
        this.ackAt = payloadAt + head.length();
        this.textAt = ackAt + Timestamps.LENGTH + middle.length();
        this.prose = new ChatProse(room.hashCode());
        this.prosed = new byte[Math.max(0, size - ChatText.MIN_LENGTH)];
    }

    byte[] join() {
        return join;
    }

    /** The say frame of message {@code seq} sent (or due) at {@code at}; valid until the next call. */
    byte[] say(long at, long seq) {
        ChatText.write(at, seq, stamp, 0);
        put(stamp, Timestamps.LENGTH, ackAt); // the sequence, as the ack id
        put(stamp, 0, textAt, ChatText.MIN_LENGTH);
        prose.fill(prosed, 0, prosed.length);
        put(prosed, 0, textAt + ChatText.MIN_LENGTH, prosed.length);
        return say;
    }

    private void put(byte[] from, int offset, int at) {
        put(from, offset, at, Timestamps.LENGTH);
    }

    /** Writes {@code from[offset..offset+length)} at frame index {@code at}, masked by its place in the payload. */
    private void put(byte[] from, int offset, int at, int length) {
        for (int i = 0; i < length; i++) {
            int j = at + i - payloadAt;
            say[at + i] = (byte) (from[offset + i] ^ Driver.MASK_KEY >>> (24 - 8 * (j & 3)));
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

package dev.parley.engineio;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

import dev.parley.session.OutboundMessage;

/**
 * Message packets that go out together, in order (one Socket.IO packet: its text, then its attachments), made once
 * for any number of sessions ({@link EngineSocket#send(EngineMessage)}): a polling session buffers these very
 * {@link Packet}s, a WebSocket session queues the one {@link OutboundMessage} each packet's frame is, made on the
 * first WebSocket send and shared by every later one (so its frame is encoded once too). Immutable as far as callers
 * can tell; thread-safe.
 */
public final class EngineMessage {
    private final List<Object> items;
    private final List<Packet> packets;
    private final AtomicReferenceArray<OutboundMessage> frames;

    private EngineMessage(List<Object> items, List<Packet> packets) {
        this.items = items;
        this.packets = packets;
        this.frames = new AtomicReferenceArray<>(packets.size());
    }

    /** One text message. */
    public static EngineMessage text(String text) {
        return new EngineMessage(List.of(text), List.of(Packet.message(text)));
    }

    /** Several messages, all or none; each element a {@code String} or a {@code byte[]} (not copied: keep it). */
    public static EngineMessage of(List<?> textsAndByteArrays) {
        List<Packet> packets = new ArrayList<>(textsAndByteArrays.size());
        for (Object item : textsAndByteArrays) {
            packets.add(item instanceof byte[] bytes ? Packet.message(bytes) : Packet.message((String) item));
        }
        return new EngineMessage(List.copyOf(textsAndByteArrays), List.copyOf(packets));
    }

    /** What it was made of: each message a {@code String} or a {@code byte[]}, in order. */
    public List<Object> items() {
        return items;
    }

    /** Its packets, in order. */
    List<Packet> packets() {
        return packets;
    }

    /**
     * What carries packet {@code index} over WebSocket: a text frame of its encoding, or a binary frame of its bytes;
     * the same object on every call (a race may make two, equal, and keeps one).
     */
    OutboundMessage frame(int index) {
        OutboundMessage frame = frames.get(index);
        if (frame == null) {
            Packet packet = packets.get(index);
            frame = packet.isBinary() ? OutboundMessage.binary(ByteBuffer.wrap(packet.binary()))
                    : OutboundMessage.text(PacketCodec.encode(packet));
            if (!frames.compareAndSet(index, null, frame)) {
                frame = frames.get(index);
            }
        }
        return frame;
    }
}

package dev.parley.inspect;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;

import dev.parley.wire.DeflateParameters;
import dev.parley.wire.MessageInflater;
import dev.parley.wire.ProtocolViolation;
import dev.parley.wire.Role;

/**
 * One direction's inflater for a proxied connection that negotiated permessage-deflate (RFC 7692): the compressed
 * payload of each RSV1 message goes through it, the inflater reset per message when the sender compresses without
 * context takeover (as the 101 said), and the end of the message gives an {@link InspectEvent.Inflated} with the
 * inflated length and its start. Bad deflate data or a message over {@link #CAP} is reported as a violation (1007,
 * 1009), never thrown; this direction then stops inflating, since the stream's state is lost.
 */
final class MessageInflation {
    /** The most a message is inflated to: the inspector only shows a preview, this bounds the work of a bomb. */
    static final long CAP = 64L << 20;

    private final int connection;
    private final Direction direction;
    private final MessageInflater inflater;
    private final byte[] preview;
    private int previewFill;
    private boolean failed;

    MessageInflation(int connection, Direction direction, DeflateParameters parameters, int previewBytes) {
        this.connection = connection;
        this.direction = direction;
        Role receiver = direction == Direction.CLIENT_TO_SERVER ? Role.SERVER : Role.CLIENT;
        this.inflater = MessageInflater.of(parameters, receiver, CAP);
        this.preview = new byte[previewBytes];
    }

    /** Compressed bytes of the current message (only read). */
    InspectEvent.Violation payload(ByteBuffer chunk) {
        if (failed) {
            return null;
        }
        try {
            inflater.inflate(chunk.duplicate(), this::keep);
            return null;
        } catch (ProtocolViolation violation) {
            return fail(violation);
        }
    }

    /** The message ended: its inflated form, or the violation that ended inflating. */
    InspectEvent endMessage(boolean text) {
        if (failed) {
            return null;
        }
        try {
            inflater.endMessage(this::keep);
        } catch (ProtocolViolation violation) {
            return fail(violation);
        }
        long length = inflatedLength;
        inflatedLength = 0;
        int shown = previewFill;
        previewFill = 0;
        String start = text ? new String(preview, 0, shown, StandardCharsets.UTF_8)
                : HexFormat.of().formatHex(preview, 0, shown);
        return new InspectEvent.Inflated(Instant.now(), connection, direction, length,
                text ? InspectEvent.PreviewKind.TEXT : InspectEvent.PreviewKind.HEX, start + (length > shown ? "…" : ""));
    }

    private long inflatedLength;

    private void keep(byte[] chunk, int offset, int length) {
        inflatedLength += length;
        int take = Math.min(length, preview.length - previewFill);
        System.arraycopy(chunk, offset, preview, previewFill, take);
        previewFill += take;
    }

    /** Frees the native inflater (once). */
    void close() {
        if (!failed) {
            failed = true;
            inflater.close();
        }
    }

    private InspectEvent.Violation fail(ProtocolViolation violation) {
        failed = true;
        inflater.close();
        return new InspectEvent.Violation(Instant.now(), connection, direction, violation.code().code(),
                "permessage-deflate: " + violation.reason() + "; compressed messages no longer inflated");
    }
}

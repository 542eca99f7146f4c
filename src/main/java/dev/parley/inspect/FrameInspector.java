package dev.parley.inspect;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import dev.parley.wire.FrameDecoder;
import dev.parley.wire.FrameHeader;
import dev.parley.wire.FrameRules;
import dev.parley.wire.MessageRules;
import dev.parley.wire.Opcode;
import dev.parley.wire.ProtocolViolation;
import dev.parley.wire.Rfc6455;
import dev.parley.wire.Role;
import dev.parley.wire.ScanListener;
import dev.parley.wire.Utf8Validator;
import dev.parley.wire.WireHeader;

/**
 * Describes the frames of one direction and what is wrong with them, with the project's codec: a
 * {@link FrameDecoder} in its permissive mode ({@link FrameDecoder#scan}) for the receiving role follows every frame
 * as it was sent and reports what {@link FrameRules} refuses (client frames masked, server frames not, RSV bits,
 * opcodes, control frames whole and at most 125 bytes, minimal lengths) and bad close bodies; data payload goes
 * through {@link MessageRules} (fragment order, UTF-8 at the first bad byte). Each frame is reported when it ends,
 * followed by its violations; decoding goes on with the next frame. After a message-level violation, message checks
 * pause until that message's last frame.
 */
final class FrameInspector implements ScanListener {
    private final int connection;
    private final Direction direction;
    private final Upgrade upgrade;
    private final Consumer<InspectEvent> sink;
    private final int previewBytes;
    private final byte[] preview; // room for a whole control payload, which close bodies need

    private MessageRules messages = new MessageRules(Long.MAX_VALUE);
    private boolean messagesPaused;
    private boolean textMessage;
    private boolean compressedMessage;

    private WireHeader current; // the frame whose payload is arriving, else null
    private boolean messageCheckPending; // the current frame has yet to be shown to the message rules
    private boolean checkPayload; // the current frame's payload goes through the message rules
    private int previewFill;
    private long received;
    private final List<InspectEvent.Violation> violations = new ArrayList<>();
    private MessageInflation inflation; // once a compressed message is seen on a connection that negotiated deflate

    FrameInspector(int connection, Direction direction, Upgrade upgrade, int previewBytes,
            Consumer<InspectEvent> sink) {
        this.connection = connection;
        this.direction = direction;
        this.upgrade = upgrade;
        this.sink = sink;
        this.previewBytes = previewBytes;
        this.preview = new byte[Math.max(previewBytes, Rfc6455.MAX_CONTROL_PAYLOAD)];
    }

    /** The codec for this direction's frames, once the upgrade has said which RSV bits an extension gives meaning. */
    FrameDecoder newDecoder() {
        Role receiver = direction == Direction.CLIENT_TO_SERVER ? Role.SERVER : Role.CLIENT;
        return new FrameDecoder(new FrameRules(receiver, Long.MAX_VALUE, upgrade.allowedRsvBits()));
    }

    @Override
    public void onHeader(WireHeader header) {
        current = header;
        previewFill = 0;
        received = 0;
        checkPayload = false;
        messageCheckPending = true;
    }

    @Override
    public void onViolation(ProtocolViolation violation) {
        flag(violation, current);
        checkMessage(); // a header's own violation comes first, as a strict decoder would have it
    }

    /** Shows the current frame's start to the message rules, once. */
    private void checkMessage() {
        if (!messageCheckPending) {
            return;
        }
        messageCheckPending = false;
        WireHeader header = current;
        if (header.isControl() || header.opcode() > Opcode.BINARY.code()) {
            return;
        }
        if (header.opcode() != Opcode.CONTINUATION.code()) {
            textMessage = header.opcode() == Opcode.TEXT.code();
            compressedMessage = (header.rsvBits() & Rfc6455.RSV1 & upgrade.allowedRsvBits()) != 0;
        }
        if (messagesPaused) {
            return;
        }
        // a compressed text message is checked as binary: its UTF-8 is only there after inflating
        Opcode opcode = header.opcode() == Opcode.TEXT.code() && compressedMessage ? Opcode.BINARY
                : Opcode.of(header.opcode());
        try {
            messages.onFrameStart(new FrameHeader(header.fin(), false, false, false, opcode, header.length()));
            checkPayload = true;
        } catch (ProtocolViolation violation) {
            flag(violation, header);
            messagesPaused = true;
        }
    }

    @Override
    public void onPayload(ByteBuffer chunk) {
        checkMessage();
        int length = chunk.remaining();
        int keep = Math.min(length, preview.length - previewFill);
        chunk.get(chunk.position(), preview, previewFill, keep);
        previewFill += keep;
        received += length;
        if (compressedMessage && !current.isControl() && upgrade.deflate() != null) {
            if (inflation == null) {
                inflation = new MessageInflation(connection, direction, upgrade.deflate(), previewBytes);
            }
            InspectEvent.Violation bad = inflation.payload(chunk);
            if (bad != null) {
                violations.add(bad);
            }
        }
        if (checkPayload) {
            try {
                messages.onPayload(chunk);
            } catch (ProtocolViolation violation) {
                flag(violation, null);
                checkPayload = false;
                messagesPaused = true;
            }
        }
    }

    @Override
    public void onFrameEnd(WireHeader header) {
        checkMessage();
        current = null;
        if (checkPayload) {
            try {
                messages.onFrameEnd();
            } catch (ProtocolViolation violation) {
                flag(violation, null);
                messagesPaused = true;
            }
        }
        if (messagesPaused && !header.isControl() && header.fin()) {
            messages = new MessageRules(Long.MAX_VALUE); // the broken message is over: check the next one afresh
            messagesPaused = false;
        }
        report(header);
        if (compressedMessage && upgrade.deflate() != null && !header.isControl() && header.fin()) {
            if (inflation == null) {
                inflation = new MessageInflation(connection, direction, upgrade.deflate(), previewBytes);
            }
            InspectEvent inflated = inflation.endMessage(textMessage);
            if (inflated != null) {
                sink.accept(inflated);
            }
        }
    }

    /** The connection is over: frees the inflater's native memory. */
    void release() {
        if (inflation != null) {
            inflation.close();
        }
    }

    /** The connection ended inside a frame: reports what arrived of it. */
    void reportIncomplete() {
        if (current != null) {
            report(current);
            current = null;
        }
    }

    /** The codec lost the thread at the current frame (a length with the top bit set): it and why, reported. */
    void reportLost(ProtocolViolation violation) {
        flag(violation, current);
        reportIncomplete();
    }

    private void report(WireHeader header) {
        InspectEvent.PreviewKind kind = previewKind(header);
        int shown = kind == InspectEvent.PreviewKind.CLOSE ? previewFill : Math.min(previewFill, previewBytes);
        String text = switch (kind) {
            case NONE -> "";
            case CLOSE -> closePreview();
            case HEX -> HexFormat.of().formatHex(preview, 0, shown);
            case TEXT -> new String(preview, 0, shown, StandardCharsets.UTF_8);
        };
        if (header.length() > shown) {
            text += "…";
        }
        sink.accept(new InspectEvent.FrameSeen(Instant.now(), connection, direction, header.fin(),
                header.rsvBits() >> 4, opcodeName(header), header.masked(),
                header.masked() ? String.format("%08x", header.maskKey()) : null, header.length(),
                header.lengthBytes(), kind, text, received));
        violations.forEach(sink);
        violations.clear();
    }

    /** TEXT, BINARY... or {@code OP3} for a reserved opcode. */
    private static String opcodeName(WireHeader header) {
        return header.knownOpcode().map(Opcode::name)
                .orElse("OP" + Integer.toHexString(header.opcode()).toUpperCase(Locale.ROOT));
    }

    private InspectEvent.PreviewKind previewKind(WireHeader header) {
        if (previewFill == 0) {
            return InspectEvent.PreviewKind.NONE;
        }
        if (header.opcode() == Opcode.CLOSE.code() && previewFill >= 2) {
            return InspectEvent.PreviewKind.CLOSE;
        }
        boolean text = header.isControl() ? isPrintableUtf8(preview, previewFill)
                : header.opcode() <= Opcode.TEXT.code() && textMessage && !compressedMessage;
        return text ? InspectEvent.PreviewKind.TEXT : InspectEvent.PreviewKind.HEX;
    }

    private static boolean isPrintableUtf8(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            if ((bytes[i] & 0xFF) < 0x20 || bytes[i] == 0x7F) {
                return false;
            }
        }
        return Utf8Validator.isValid(bytes, 0, length);
    }

    private String closePreview() {
        int code = (preview[0] & 0xFF) << 8 | preview[1] & 0xFF;
        return previewFill == 2 ? String.valueOf(code)
                : code + " " + new String(preview, 2, previewFill - 2, StandardCharsets.UTF_8);
    }

    private void flag(ProtocolViolation violation, WireHeader header) {
        String reason = violation.reason();
        if (header != null && header.opcode() == Opcode.CLOSE.code() && header.length() > Rfc6455.MAX_CONTROL_PAYLOAD) {
            reason += " (a close reason of " + (header.length() - 2) + " bytes; at most 123 fit)";
        }
        violations.add(new InspectEvent.Violation(Instant.now(), connection, direction, violation.code().code(),
                reason));
    }
}

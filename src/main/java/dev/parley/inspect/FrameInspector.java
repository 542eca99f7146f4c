package dev.parley.inspect;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

import dev.parley.wire.Bytes;
import dev.parley.wire.CloseStatus;
import dev.parley.wire.Frame;
import dev.parley.wire.FrameDecoder;
import dev.parley.wire.FrameHeader;
import dev.parley.wire.FrameListener;
import dev.parley.wire.FrameRules;
import dev.parley.wire.MessageRules;
import dev.parley.wire.Opcode;
import dev.parley.wire.ProtocolViolation;
import dev.parley.wire.Rfc6455;
import dev.parley.wire.Role;
import dev.parley.wire.Utf8Validator;

/**
 * Judges and describes the frames {@link FrameScanner} finds in one direction, with the project's codec: each header
 * goes through a fresh {@link FrameDecoder} for the receiving role (client frames masked, server frames not, RSV bits,
 * opcodes, control frames whole and at most 125 bytes, minimal lengths), data payload through {@link MessageRules}
 * (fragment order, UTF-8 at the first bad byte), close bodies through {@link CloseStatus#parse}. A violation is
 * reported after its frame; decoding goes on with the next frame, since the scanner knows where it starts. After a
 * message-level violation, message checks pause until that message's last frame.
 */
final class FrameInspector implements FrameScanner.Listener {
    private static final FrameListener IGNORE = new FrameListener() {
        @Override
        public void onControlFrame(Frame frame) {
        }

        @Override
        public void onDataStart(FrameHeader header) {
        }

        @Override
        public void onDataPayload(ByteBuffer chunk) {
        }

        @Override
        public void onDataEnd(FrameHeader header) {
        }
    };

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

    private boolean checkPayload; // the current frame's payload goes through the message rules
    private int previewFill;
    private long received;
    private final List<InspectEvent.Violation> violations = new ArrayList<>();

    FrameInspector(int connection, Direction direction, Upgrade upgrade, int previewBytes,
            Consumer<InspectEvent> sink) {
        this.connection = connection;
        this.direction = direction;
        this.upgrade = upgrade;
        this.sink = sink;
        this.previewBytes = previewBytes;
        this.preview = new byte[Math.max(previewBytes, Rfc6455.MAX_CONTROL_PAYLOAD)];
    }

    @Override
    public void onHeader(RawHeader header) {
        previewFill = 0;
        received = 0;
        checkPayload = false;
        Role receiver = direction == Direction.CLIENT_TO_SERVER ? Role.SERVER : Role.CLIENT;
        FrameDecoder decoder = new FrameDecoder(new FrameRules(receiver, Long.MAX_VALUE, upgrade.allowedRsvBits()));
        try {
            decoder.stream(ByteBuffer.wrap(header.bytes()).asReadOnlyBuffer(), IGNORE);
        } catch (ProtocolViolation violation) {
            flag(violation, header);
        }
        if (header.isControl() || header.opcode() > Opcode.BINARY.code()) {
            return;
        }
        if (header.opcode() != Opcode.CONTINUATION.code()) {
            textMessage = header.opcode() == Opcode.TEXT.code();
            compressedMessage = header.rsv() >= 4 && (upgrade.allowedRsvBits() & Rfc6455.RSV1) != 0;
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
    public void onPayload(byte[] bytes, int offset, int length) {
        int keep = (int) Math.min(length, preview.length - previewFill);
        System.arraycopy(bytes, offset, preview, previewFill, keep);
        previewFill += keep;
        received += length;
        if (checkPayload) {
            try {
                messages.onPayload(bytes, offset, length);
            } catch (ProtocolViolation violation) {
                flag(violation, null);
                checkPayload = false;
                messagesPaused = true;
            }
        }
    }

    @Override
    public void onFrameEnd(RawHeader header) {
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
        if (header.opcode() == Opcode.CLOSE.code() && header.length() <= Rfc6455.MAX_CONTROL_PAYLOAD) {
            try {
                CloseStatus.parse(Bytes.copyOf(preview, 0, previewFill));
            } catch (ProtocolViolation violation) {
                flag(violation, header);
            }
        }
        report(header);
    }

    /** The connection ended inside {@code header}'s frame: reports what arrived of it. */
    void reportIncomplete(RawHeader header) {
        report(header);
    }

    private void report(RawHeader header) {
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
        sink.accept(new InspectEvent.FrameSeen(Instant.now(), connection, direction, header.fin(), header.rsv(),
                header.opcodeName(), header.masked(), header.masked() ? String.format("%08x", header.maskKey()) : null,
                header.length(), header.lengthBytes(), kind, text, received));
        violations.forEach(sink);
        violations.clear();
    }

    private InspectEvent.PreviewKind previewKind(RawHeader header) {
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

    private void flag(ProtocolViolation violation, RawHeader header) {
        String reason = violation.reason();
        if (header != null && header.opcode() == Opcode.CLOSE.code() && header.length() > Rfc6455.MAX_CONTROL_PAYLOAD) {
            reason += " (a close reason of " + (header.length() - 2) + " bytes; at most 123 fit)";
        }
        violations.add(new InspectEvent.Violation(Instant.now(), connection, direction, violation.code().code(),
                reason));
    }
}

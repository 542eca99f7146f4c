package dev.parley.wire;

/** The frame opcodes of RFC 6455 §5.2 and §11.8; the reserved ones have no constant. */
public enum Opcode {
    CONTINUATION(0x0),
    TEXT(0x1),
    BINARY(0x2),
    CLOSE(0x8),
    PING(0x9),
    PONG(0xA);

    private static final Opcode[] BY_CODE = new Opcode[16];

    static {
        for (Opcode opcode : values()) {
            BY_CODE[opcode.code] = opcode;
        }
    }

    private final int code;

    Opcode(int code) {
        this.code = code;
    }

    /** The 4-bit value on the wire. */
    public int code() {
        return code;
    }

    /** §5.5: "Control frames are identified by opcodes where the most significant bit of the opcode is 1." */
    public boolean isControl() {
        return (code & 0x8) != 0;
    }

    /** TEXT, BINARY or CONTINUATION. */
    public boolean isData() {
        return !isControl();
    }

    /**
     * The opcode with this 4-bit value.
     *
     * @throws ProtocolViolation (1002) for the reserved opcodes 0x3–0x7 and 0xB–0xF
     */
    public static Opcode of(int code) {
        Opcode opcode = orNull(code);
        if (opcode == null) {
            // RFC 6455 §5.2: "If an unknown opcode is received, the receiving endpoint MUST _Fail the WebSocket Connection_."
            throw new ProtocolViolation(CloseCode.PROTOCOL_ERROR, "reserved opcode 0x" + Integer.toHexString(code));
        }
        return opcode;
    }

    /** The opcode with this 4-bit value, or null for a reserved one. */
    static Opcode orNull(int code) {
        return (code & ~0xF) == 0 ? BY_CODE[code] : null;
    }
}

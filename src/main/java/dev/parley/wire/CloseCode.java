package dev.parley.wire;

import java.util.Optional;

/**
 * The close codes registered with IANA (RFC 6455 §7.4.1 and the "WebSocket Close Code Number Registry"), each knowing
 * whether an endpoint may put it in a close frame.
 */
public enum CloseCode {
    NORMAL_CLOSURE(1000, true),
    GOING_AWAY(1001, true),
    PROTOCOL_ERROR(1002, true),
    UNSUPPORTED_DATA(1003, true),
    /** §7.4.1: "Reserved. The specific meaning might be defined in the future." */
    RESERVED(1004, false),
    /** §7.4.1: "MUST NOT be set as a status code in a Close control frame by an endpoint." */
    NO_STATUS_RECEIVED(1005, false),
    /** §7.4.1: "MUST NOT be set as a status code in a Close control frame by an endpoint." */
    ABNORMAL_CLOSURE(1006, false),
    INVALID_PAYLOAD_DATA(1007, true),
    POLICY_VIOLATION(1008, true),
    MESSAGE_TOO_BIG(1009, true),
    MANDATORY_EXTENSION(1010, true),
    INTERNAL_ERROR(1011, true),
    SERVICE_RESTART(1012, true),
    TRY_AGAIN_LATER(1013, true),
    /** Registered by IANA after RFC 6455 (the server, acting as a gateway, got an invalid response). */
    BAD_GATEWAY(1014, true),
    /** §7.4.1: "MUST NOT be set as a status code in a Close control frame by an endpoint." */
    TLS_HANDSHAKE(1015, false);

    private final int code;
    private final boolean sendable;

    CloseCode(int code, boolean sendable) {
        this.code = code;
        this.sendable = sendable;
    }

    public int code() {
        return code;
    }

    /** Whether this code may appear in a close frame on the wire. */
    public boolean isSendable() {
        return sendable;
    }

    /** The registered code with this number, if any. */
    public static Optional<CloseCode> of(int code) {
        int index = code - 1000;
        CloseCode[] all = values();
        return index >= 0 && index < all.length ? Optional.of(all[index]) : Optional.empty();
    }

    /**
     * Whether {@code code} may appear in a close frame: the sendable registered codes, and 3000–4999.
     * RFC 6455 §7.4.2: 0–999 "are not used", 1000–2999 are "reserved for definition by this protocol, its future
     * revisions, and extensions", 3000–3999 are for libraries and frameworks, 4000–4999 for private use.
     */
    public static boolean isSendable(int code) {
        if (code >= 3000 && code <= 4999) {
            return true;
        }
        return of(code).map(CloseCode::isSendable).orElse(false);
    }
}

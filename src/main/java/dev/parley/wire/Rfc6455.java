package dev.parley.wire;

/**
 * The numbers of the RFC 6455 base framing protocol, under the diagram of §5.2 they come from.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-------+-+-------------+-------------------------------+
 *  |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
 *  |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
 *  |N|V|V|V|       |S|             |   (if payload len==126/127)   |
 *  | |1|2|3|       |K|             |                               |
 *  +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
 *  |     Extended payload length continued, if payload len == 127  |
 *  + - - - - - - - - - - - - - - - +-------------------------------+
 *  |                               |Masking-key, if MASK set to 1  |
 *  +-------------------------------+-------------------------------+
 *  | Masking-key (continued)       |          Payload Data         |
 *  +-------------------------------- - - - - - - - - - - - - - - - +
 *  :                     Payload Data continued ...                :
 *  + - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - - +
 *  |                     Payload Data continued ...                |
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class Rfc6455 {
    /** Byte 0: the final fragment of a message. */
    public static final int FIN = 0x80;
    /** Byte 0: the three reserved bits, RSV1 = 0x40, RSV2 = 0x20, RSV3 = 0x10. */
    public static final int RSV_BITS = 0x70;
    public static final int RSV1 = 0x40;
    public static final int RSV2 = 0x20;
    public static final int RSV3 = 0x10;
    /** Byte 0: the opcode. */
    public static final int OPCODE_BITS = 0x0F;
    /** Byte 1: the payload is masked. */
    public static final int MASK = 0x80;
    /** Byte 1: the 7-bit payload length. */
    public static final int LENGTH_BITS = 0x7F;
    /** A 7-bit length of 126 means a 16-bit length follows. */
    public static final int LENGTH_16 = 126;
    /** A 7-bit length of 127 means a 64-bit length follows. */
    public static final int LENGTH_64 = 127;
    /** §5.5: "All control frames MUST have a payload length of 125 bytes or less". */
    public static final int MAX_CONTROL_PAYLOAD = 125;
    /** §5.5.1: a close reason fits in a control frame after the 2-byte code. */
    public static final int MAX_CLOSE_REASON = MAX_CONTROL_PAYLOAD - 2;
    /** The longest header: 2 bytes, a 64-bit length and a masking key. */
    public static final int MAX_HEADER = 14;
    /** §1.3: the GUID appended to Sec-WebSocket-Key before hashing. */
    public static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    /** §4.1: the only version this codec speaks. */
    public static final String VERSION = "13";

    private Rfc6455() {
    }

    /** The header length of a frame with this payload length: minimal length encoding, plus 4 when masked. */
    public static int headerLength(long payloadLength, boolean masked) {
        if (payloadLength < 0) {
            throw new IllegalArgumentException("negative payload length " + payloadLength);
        }
        int base = payloadLength <= MAX_CONTROL_PAYLOAD ? 2 : payloadLength <= 0xFFFF ? 4 : 10;
        return masked ? base + 4 : base;
    }
}

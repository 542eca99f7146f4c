package dev.parley.wire;

/** Receives what {@link MessageAssembler} puts together: whole messages, and control frames as soon as they arrive. */
public interface MessageHandler {
    /** A complete text message, already checked to be UTF-8. */
    void onText(String text);

    /** A complete binary message. */
    void onBinary(Bytes data);

    /** RFC 6455 §5.5.2: "Upon receipt of a Ping frame, an endpoint MUST send a Pong frame in response". */
    void onPing(Bytes payload);

    void onPong(Bytes payload);

    /** A close frame's status; {@link CloseStatus#NO_STATUS} for an empty body. */
    void onClose(CloseStatus status);
}

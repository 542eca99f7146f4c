package dev.parley.wire;

/**
 * The peer broke RFC 6455: the one exception of the codec. It carries the close code to answer with and a short reason,
 * and {@link #toCloseFrame()} is the one place where a violation becomes the close frame to send before closing.
 *
 * <p>It is an expected outcome of untrusted input, not a bug, so it records no stack trace.
 */
public final class ProtocolViolation extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient CloseStatus status;

    /**
     * @param code a sendable code, usually 1002, 1007 or 1009
     * @param reason a short explanation; cut to 123 UTF-8 bytes so that it fits a close frame
     */
    public ProtocolViolation(CloseCode code, String reason) {
        this(new CloseStatus(code.code(), reason));
    }

    private ProtocolViolation(CloseStatus status) {
        super(status.code() + " " + status.reason(), null, false, false);
        if (!CloseCode.isSendable(status.code())) {
            throw new IllegalArgumentException("not a sendable close code: " + status.code());
        }
        this.status = status;
    }

    /** The close code to answer with. */
    public CloseCode code() {
        return CloseCode.of(status.code()).orElseThrow();
    }

    /** The reason, at most 123 UTF-8 bytes. */
    public String reason() {
        return status.reason();
    }

    /** The code and reason as a close status. */
    public CloseStatus toCloseStatus() {
        return status;
    }

    /** The close frame that fails the connection with this violation's code and reason. */
    public Frame toCloseFrame() {
        return Frame.close(status);
    }

    /**
     * The close frame to send when processing a peer's bytes failed with {@code failure}: a violation's own frame, and
     * for anything else 1011 with no details, since an internal error message may say too much to a peer.
     */
    public static Frame closeFrameFor(Throwable failure) {
        if (failure instanceof ProtocolViolation violation) {
            return violation.toCloseFrame();
        }
        return Frame.close(CloseStatus.of(CloseCode.INTERNAL_ERROR, "internal error"));
    }
}

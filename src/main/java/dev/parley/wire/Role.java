package dev.parley.wire;

/** Which end of the connection this codec works for; it decides who masks (RFC 6455 §5.1). */
public enum Role {
    /** Masks what it sends; receives unmasked frames. */
    CLIENT,
    /** Never masks; receives masked frames. */
    SERVER;

    /** Whether frames this end receives must be masked. */
    public boolean expectsMaskedFrames() {
        return this == SERVER;
    }
}

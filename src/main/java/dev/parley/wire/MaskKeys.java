package dev.parley.wire;

import java.security.SecureRandom;

/**
 * Where a client's masking keys come from. RFC 6455 §5.3: "The masking key needs to be unpredictable; thus, the
 * masking key MUST be derived from a strong source of entropy". Tests inject {@link #fixed(int)} instead.
 */
@FunctionalInterface
public interface MaskKeys {
    /** The next 32-bit key; its most significant byte is the first key byte on the wire. */
    int next();

    /** Keys from a {@link SecureRandom}; safe to share between threads. */
    static MaskKeys secure() {
        SecureRandom random = new SecureRandom();
        return random::nextInt;
    }

    /** The same key every time, e.g. {@code fixed(0x37fa213d)} for the RFC 6455 §5.7 examples. */
    static MaskKeys fixed(int key) {
        return () -> key;
    }
}

package dev.parley.inspect;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.parley.wire.DeflateParameters;

/**
 * What the server's answer decided for one proxied connection, shared by its two directions: whether frames follow
 * (101), and which RSV bits a negotiated extension gives a meaning to. The client's frames wait for it, since the
 * server's answer may still be in the other direction's hands when they arrive.
 */
final class Upgrade {
    private final CountDownLatch decided = new CountDownLatch(1);
    private volatile boolean webSocket;
    private volatile int allowedRsvBits;
    private volatile DeflateParameters deflate;

    synchronized void decide(boolean isWebSocket, int rsvBits) {
        decide(isWebSocket, rsvBits, null);
    }

    /** As {@link #decide(boolean, int)}, with the permessage-deflate parameters the 101 accepted (or null). */
    synchronized void decide(boolean isWebSocket, int rsvBits, DeflateParameters deflateParameters) {
        if (decided.getCount() > 0) {
            this.webSocket = isWebSocket;
            this.allowedRsvBits = rsvBits;
            this.deflate = deflateParameters;
            decided.countDown();
        }
    }

    /**
     * Whether frames follow, waiting at most {@code wait} for the server's answer; without one by then, frames are
     * assumed (without extensions).
     */
    boolean awaitWebSocket(Duration wait) throws InterruptedException {
        if (!decided.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            decide(true, 0);
        }
        return webSocket;
    }

    /** The permessage-deflate parameters in force, once decided; null without the extension. */
    DeflateParameters deflate() {
        return deflate;
    }

    int allowedRsvBits() {
        return allowedRsvBits;
    }
}

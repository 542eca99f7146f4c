package dev.parley.inspect;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What the server's answer decided for one proxied connection, shared by its two directions: whether frames follow
 * (101), and which RSV bits a negotiated extension gives a meaning to. The client's frames wait for it, since the
 * server's answer may still be in the other direction's hands when they arrive.
 */
final class Upgrade {
    private final CountDownLatch decided = new CountDownLatch(1);
    private volatile boolean webSocket;
    private volatile int allowedRsvBits;

    synchronized void decide(boolean isWebSocket, int rsvBits) {
        if (decided.getCount() > 0) {
            this.webSocket = isWebSocket;
            this.allowedRsvBits = rsvBits;
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

    int allowedRsvBits() {
        return allowedRsvBits;
    }
}

package dev.parley.server;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogManager;

/**
 * The log manager of the {@code parley} command: the JDK's, except that the reset it does at JVM exit waits for
 * Parley's shutdown to finish logging. The JDK resets logging (removes every handler) from a shutdown hook of its
 * own, which runs at the same time as {@code serve}'s; without this, the shutdown's lines ({@code event=shutdown-start},
 * the 1001 closes, {@code event=shutdown-end}) were lost (issue 12: "nothing is logged during shutdown").
 * {@code dev.parley.Parley.main} installs it through {@code java.util.logging.manager}, unless the user chose another.
 */
public final class ExitLogging extends LogManager {
    private static volatile CountDownLatch pending = new CountDownLatch(0);
    private static volatile long maxWaitMillis;

    /** The JDK's log manager constructor (instantiated by {@link LogManager} from the system property). */
    public ExitLogging() {
        super();
    }

    /**
     * Until {@code done} counts down (at most {@code limit}), a reset waits: call when a shutdown hook that logs is
     * registered. Harmless when another log manager is in use.
     */
    public static void holdResetUntil(CountDownLatch done, Duration limit) {
        maxWaitMillis = limit.toMillis();
        pending = done;
    }

    @Override
    public void reset() {
        try {
            pending.await(maxWaitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        super.reset();
    }
}

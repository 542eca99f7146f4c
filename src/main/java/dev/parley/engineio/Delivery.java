package dev.parley.engineio;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Runs one session's calls into its {@link EngineHandler} in the order they were queued and never two at once,
 * without a thread of its own and without waiting: whoever queues a call while none runs runs the queue empty.
 */
final class Delivery {
    private static final Logger LOG = Logger.getLogger(Delivery.class.getName());
    private final Queue<Runnable> calls = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();

    /** Queues {@code call} (in the order of the callers' locks) without running it. */
    void queue(Runnable call) {
        calls.add(call);
    }

    /** Runs what is queued, unless another thread is already doing so (it will run this too). */
    void run() {
        if (pending.getAndIncrement() != 0) {
            return;
        }
        do {
            Runnable call;
            while ((call = calls.poll()) != null) {
                try {
                    call.run();
                } catch (RuntimeException failed) {
                    LOG.warning(() -> "event=engineio_handler_failed cause=" + failed);
                }
            }
        } while (pending.decrementAndGet() != 0);
    }
}

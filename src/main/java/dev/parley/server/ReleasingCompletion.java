package dev.parley.server;

import org.glassfish.grizzly.CompletionHandler;

import dev.parley.session.MemoryBudget;

/**
 * Releases a write's count (its connection's, and the server's outbound budget's if it was charged) once Grizzly
 * reports it done (written, failed or cancelled), then tells its writer.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
final class ReleasingCompletion implements CompletionHandler {
    private final CompletionHandler delegate;
    private final UnwrittenBytes unwritten;
    private final int size;
    private final MemoryBudget.Share budget;
    private final long charged;
    private boolean released;

    /** @param budget the connection's share of the outbound budget, charged {@code charged} bytes for this write */
    ReleasingCompletion(CompletionHandler delegate, UnwrittenBytes unwritten, int size, MemoryBudget.Share budget,
                        long charged) {
        this.delegate = delegate;
        this.unwritten = unwritten;
        this.size = size;
        this.budget = budget;
        this.charged = charged;
    }

    private synchronized void release() {
        if (!released) {
            released = true;
            unwritten.release(size);
            budget.remove(charged);
        }
    }

    @Override
    public void cancelled() {
        release();
        if (delegate != null) {
            delegate.cancelled();
        }
    }

    @Override
    public void failed(Throwable error) {
        release();
        if (delegate != null) {
            delegate.failed(error);
        }
    }

    @Override
    public void completed(Object result) {
        release();
        if (delegate != null) {
            delegate.completed(result);
        }
    }

    @Override
    public void updated(Object result) {
        if (delegate != null) {
            delegate.updated(result);
        }
    }
}

package dev.parley.server;

import org.glassfish.grizzly.CompletionHandler;

/** Releases a write's count once Grizzly reports it done (written, failed or cancelled), then tells its writer. */
@SuppressWarnings({"rawtypes", "unchecked"})
final class ReleasingCompletion implements CompletionHandler {
    private final CompletionHandler delegate;
    private final UnwrittenBytes unwritten;
    private final int size;
    private boolean released;

    ReleasingCompletion(CompletionHandler delegate, UnwrittenBytes unwritten, int size) {
        this.delegate = delegate;
        this.unwritten = unwritten;
        this.size = size;
    }

    private synchronized void release() {
        if (!released) {
            released = true;
            unwritten.release(size);
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

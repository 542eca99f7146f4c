package dev.parley.server;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.ConnectionProbe;
import org.glassfish.grizzly.nio.transport.TCPNIOServerConnection;

/**
 * Counts the client connections a Grizzly transport has accepted and not yet closed, so that shutdown can wait
 * for clients to answer the 1001 close instead of cutting them off (which they would see as 1006).
 */
@SuppressWarnings("rawtypes") // ConnectionProbe's methods take the raw Connection type
final class OpenConnections extends ConnectionProbe.Adapter {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private int open;

    @Override
    public void onAcceptEvent(Connection serverConnection, Connection clientConnection) {
        lock.lock();
        try {
            open++;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onCloseEvent(Connection connection) {
        if (connection instanceof TCPNIOServerConnection) {
            return; // the listening socket, not a client
        }
        lock.lock();
        try {
            open--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Client connections open now. */
    int open() {
        lock.lock();
        try {
            return Math.max(0, open);
        } finally {
            lock.unlock();
        }
    }

    /** Waits until every accepted connection has closed or {@code limit} has passed; true if none is left. */
    boolean awaitNone(Duration limit) throws InterruptedException {
        long remaining = limit.toNanos();
        lock.lock();
        try {
            while (open > 0 && remaining > 0) {
                remaining = changed.awaitNanos(remaining);
            }
            return open <= 0;
        } finally {
            lock.unlock();
        }
    }
}

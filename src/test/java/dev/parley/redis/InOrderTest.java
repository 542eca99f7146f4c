package dev.parley.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class InOrderTest {
    @Test
    void tasksRunOneAtATimeInTheOrderGivenOnTheExecutorsThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            InOrder inOrder = new InOrder(pool);
            int count = 10_000;
            List<Integer> ran = new ArrayList<>();
            AtomicInteger running = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(count);
            Thread caller = Thread.currentThread();
            AtomicInteger onCaller = new AtomicInteger();
            for (int i = 0; i < count; i++) {
                int n = i;
                inOrder.execute(() -> {
                    if (running.incrementAndGet() != 1) {
                        overlaps.incrementAndGet();
                    }
                    if (Thread.currentThread() == caller) {
                        onCaller.incrementAndGet();
                    }
                    ran.add(n); // unsynchronised on purpose: one at a time, or this list breaks
                    running.decrementAndGet();
                    done.countDown();
                });
            }
            assertTrue(done.await(30, TimeUnit.SECONDS));
            assertEquals(0, overlaps.get());
            assertEquals(0, onCaller.get());
            assertEquals(count, ran.size());
            for (int i = 0; i < count; i++) {
                assertEquals(i, ran.get(i));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

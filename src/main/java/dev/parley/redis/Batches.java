package dev.parley.redis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * One Redis command per item, {@value #SIZE} in flight at a time: a node's thousands of users or rooms go to Redis
 * pipelined, yet well within the link's cap on commands in flight (over it a command is refused, not queued).
 */
final class Batches {
    static final int SIZE = 64;

    private Batches() {
    }

    /** Runs {@code step} for every item, a batch at a time; fails with the first failure, after its batch. */
    static CompletionStage<Void> each(Collection<String> items, Function<String, CompletionStage<?>> step) {
        List<String> all = new ArrayList<>(items);
        CompletionStage<Void> done = CompletableFuture.completedFuture(null);
        for (int from = 0; from < all.size(); from += SIZE) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + SIZE));
            done = done.thenCompose(previous -> CompletableFuture.allOf(batch.stream()
                    .map(item -> step.apply(item).toCompletableFuture()).toArray(CompletableFuture[]::new)));
        }
        return done;
    }
}

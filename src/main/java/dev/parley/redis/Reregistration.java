package dev.parley.redis;

import java.util.concurrent.CompletionStage;

/**
 * What the room store does when its node's registration was lost ({@link NodeRegistry} found the node's alive key
 * gone: Redis restarted without its data, or the node was reaped during a partition): put this node's sessions back
 * into the presence of every room it has members in ({@code parley:{R}:at} {@code user|node} and
 * {@code parley:{R}:members}), silently. The registry has already restored the node's own keys (alive key, rooms
 * and users sets, user hashes) when it calls. Must be idempotent: it may be called again before an earlier call ends.
 */
@FunctionalInterface
public interface Reregistration {
    /** Re-adds this node's presence counts; the stage completes when Redis has them. */
    CompletionStage<?> reregister();
}

package dev.parley.redis;

import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.parley.chat.RoomStore.Member;

/**
 * A room with members on this node: its keys, its {@link RoomFeed}, the subscription to its channel (confirmed
 * before any join script of it runs), the members Redis counts here (their join script ran, their leave not yet),
 * and how many members are in it or joining it (the subscription lives while that is above 0: {@link RoomFanout}).
 */
final class LocalRoom {
    final RoomKeys keys;
    final RoomFeed<Member> feed;
    final Set<Member> counted = ConcurrentHashMap.newKeySet();
    /** Events of this room were dropped on the way to its feed (a full dispatch queue): repair at the next chance. */
    final AtomicBoolean lost = new AtomicBoolean();
    /** Members in or joining; guarded by the fan-out's map. */
    int users;
    CompletionStage<Void> subscribed;
    /** Where its join answers are taken: off Lettuce's event loop, in the order they came. */
    final Executor answers;

    LocalRoom(RoomKeys keys, RoomFeed<Member> feed, Executor control) {
        this.keys = keys;
        this.feed = feed;
        this.answers = new InOrder(control);
    }

    /** Repairs the feed if events were dropped, or tries a failed repair again. */
    void repairIfLost() {
        if (lost.getAndSet(false)) {
            feed.behind();
        } else {
            feed.retry();
        }
    }
}

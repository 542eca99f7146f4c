package dev.parley.chat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import dev.parley.session.OutboundMessage;

/**
 * A {@link RoomStore} for tests of the chat's asynchronous path: the real in-memory store, whose answers the test
 * holds back. While {@link #hold} is on, each request is carried out at once (its frames reach the members' queues,
 * as a store's would) but its stage completes only when the test {@link #release}s it; while {@link #fail} is set,
 * each request fails with that exception instead (nothing carried out), as a store that did not answer.
 */
public final class HeldRoomStore implements RoomStore {
    private final RoomStore store;
    private final List<Runnable> held = new ArrayList<>();
    private boolean holding;
    private RuntimeException failure;
    private final List<String> opened = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile LocalUsers users;

    public HeldRoomStore(RoomStore store) {
        this.store = store;
    }

    /** The in-memory store for {@code config}, held back as the test says. */
    public static HeldRoomStore inMemory(ChatConfig config) {
        return new HeldRoomStore(RoomStore.inMemory(config));
    }

    /** From now on, answers wait for {@link #release} (true) or complete as the store completes them (false). */
    public synchronized void hold(boolean on) {
        holding = on;
    }

    /** From now on, every request fails with {@code failure} (null: none does). */
    public synchronized void fail(RuntimeException failure) {
        this.failure = failure;
    }

    /** Answers held back now. */
    public synchronized int held() {
        return held.size();
    }

    /** Completes the oldest answer held back, on this thread. */
    public void release() {
        Runnable next;
        synchronized (this) {
            next = held.remove(0);
        }
        next.run();
    }

    private <T> CompletionStage<T> answer(Supplier<CompletionStage<T>> request) {
        synchronized (this) {
            if (failure != null) {
                return CompletableFuture.failedFuture(failure);
            }
            if (!holding) {
                return request.get();
            }
        }
        CompletionStage<T> done = request.get();
        CompletableFuture<T> later = new CompletableFuture<>();
        synchronized (this) {
            held.add(() -> done.whenComplete((value, failed) -> {
                if (failed != null) {
                    later.completeExceptionally(failed);
                } else {
                    later.complete(value);
                }
            }));
        }
        return later;
    }

    @Override
    public void start(LocalUsers users) {
        this.users = users;
        store.start(users);
    }

    /** Records the user, and whether {@link LocalUsers} showed the session then (a shared store registers it). */
    @Override
    public CompletionStage<?> opened(Member member) {
        opened.add(member.user() + (users.sessionsOf(member.user()).contains(member) ? "" : " (not shown)"));
        return store.opened(member);
    }

    /** The users of the sessions the chat said opened, in order. */
    public List<String> opened() {
        return List.copyOf(opened);
    }

    @Override
    public CompletionStage<Joined> join(Member member, String room, String ack) {
        return answer(() -> store.join(member, room, ack));
    }

    @Override
    public CompletionStage<Boolean> leave(Member member, String room) {
        return answer(() -> store.leave(member, room));
    }

    @Override
    public void closed(Member member) {
        store.closed(member);
    }

    @Override
    public CompletionStage<ChatMessage> say(Member member, String room, String text, Instant ts) {
        return answer(() -> store.say(member, room, text, ts));
    }

    @Override
    public CompletionStage<ChatMessage> publish(String room, String from, String text, Instant ts) {
        return answer(() -> store.publish(room, from, text, ts));
    }

    @Override
    public CompletionStage<History> history(Member member, String room, long since, int limit, String epoch) {
        return answer(() -> store.history(member, room, since, limit, epoch));
    }

    @Override
    public CompletionStage<Boolean> typing(Member member, String room, OutboundMessage frame) {
        return answer(() -> store.typing(member, room, frame));
    }

    @Override
    public CompletionStage<Boolean> whisper(String to, OutboundMessage frame) {
        return answer(() -> store.whisper(to, frame));
    }

    @Override
    public String newEpoch() {
        return store.newEpoch();
    }

    @Override
    public void sweep() {
        store.sweep();
    }

    @Override
    public int size() {
        return store.size();
    }

    @Override
    public long historyBytes() {
        return store.historyBytes();
    }

    @Override
    public void close() {
        store.close();
    }
}

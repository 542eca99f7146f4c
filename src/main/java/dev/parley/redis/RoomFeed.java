package dev.parley.redis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One room as one node delivers it (sans-I/O): its epoch, the watermark {@code w} (the last id delivered here), its
 * local members, and what to do with each event from the room's channel, so that every local member gets the room's
 * messages once each, in id order, with presence in its place, and its join acknowledgement exactly between what the
 * join's answer includes and what it does not.
 *
 * <ul>
 *   <li>id {@code w+1}: delivered; id {@code <= w}: a duplicate, dropped; id {@code > w+1}: a gap, repaired first
 *       ({@link Out#fetch} {@code (w, id-1]} from the room's log; events meanwhile wait, bounded).</li>
 *   <li>A member is registered ({@link #joining}) before its join script runs: everything delivered from then on is
 *       kept for it, and when the script's answer ({@code last}, presence number) arrives ({@link #joined}) it gets
 *       its acknowledgement, then what was delivered after {@code last}; if this node is not at {@code last} yet,
 *       it waits for it (repairing up to it).</li>
 *   <li>A new epoch, ids gone backwards, or a repair finding the ids it needs trimmed: a <b>reset</b>, every local
 *       member is closed ({@link Out#close}) so its client rejoins and resumes with {@code complete:false}.</li>
 * </ul>
 * Thread-safe (one lock); {@link Out}'s calls are made under it and must not block. {@code M} is a member (a session).
 */
final class RoomFeed<M> {
    /** What the feed asks of its node. */
    interface Out<M> {
        /** Hands one frame to each of {@code to} (read during the call only). */
        void send(Collection<M> to, String frame);

        /** Closes {@code member}: the room was reset (a new epoch or lost ids). */
        void close(M member);

        /** Reads the log's ids in {@code (after, upTo]} ({@code upTo} may be {@link Long#MAX_VALUE}: to the end)
         *  and answers {@link #repaired} or {@link #fetchFailed} with {@code fetch}. */
        void fetch(long fetch, long after, long upTo);
    }

    /** Events a feed holds while it repairs, and per joining member: past it the feed is behind or the join fails. */
    static final int MAX_HELD = 10_000;

    private final Out<M> out;
    private final Function<M, String> userOf;
    private String epoch;
    private long w = -1;
    private final Set<M> active = new LinkedHashSet<>();
    /**
     * The same members, readable without the lock ({@link #isMember}, asked on the WebSocket I/O threads for every
     * say and history request): the lock may be held a while by a fan-out to every member.
     */
    private final Set<M> members = ConcurrentHashMap.newKeySet();
    private final Map<M, Joiner<M>> joining = new LinkedHashMap<>();
    /** Events that came before the first join's answer told the epoch and watermark. */
    private final List<RoomEvent> early = new ArrayList<>();
    private final ArrayDeque<RoomEvent> pending = new ArrayDeque<>();
    private final TreeMap<Long, List<CompletableFuture<Void>>> waiters = new TreeMap<>();
    private final Set<String> retired = new LinkedHashSet<>();
    /**
     * Members whose join's answer counted presence this feed has not delivered yet (published before the join
     * script ran, still on its way through the channel): they must not get it again. The highest number delivered.
     */
    private final Map<M, Long> presenceFloor = new HashMap<>();
    private long presenceSeen = -1;
    private long fetch;
    private boolean fetching;
    private long fetchUpTo;
    /** Events were lost (a full queue, a pub/sub reconnect, a failed fetch): repair to the log's end. */
    private boolean behind;

    RoomFeed(Out<M> out, Function<M, String> userOf) {
        this.out = out;
        this.userOf = userOf;
    }

    /** Registers {@code member} before its join script runs; completes once its acknowledgement is sent. */
    synchronized CompletableFuture<Void> joining(M member) {
        Joiner<M> joiner = new Joiner<>(member, early.size());
        joining.put(member, joiner);
        return joiner.ready;
    }

    /** The join script's answer for {@code member}: {@code ack} (null: none) goes out in the room's sequence. */
    synchronized void joined(M member, String epoch, long last, long presence, String ack) {
        Joiner<M> joiner = joining.get(member);
        if (joiner == null) {
            return; // left, or reset, meanwhile
        }
        joiner.known(last, presence, ack);
        if (this.epoch == null) {
            start(epoch, last, joiner);
        } else if (!this.epoch.equals(epoch)) {
            reset();
            return;
        }
        if (w >= last) {
            flush(joiner);
        } else {
            behind = true; // this node has not delivered up to the join's last id yet: repair up to it (and on)
        }
        drain();
    }

    /** The join failed: forget {@code member}. True if the feed has no member left. */
    synchronized boolean left(M member) {
        Joiner<M> joiner = joining.remove(member);
        if (joiner != null) {
            joiner.ready.cancel(false);
        }
        active.remove(member);
        presenceFloor.remove(member);
        members.remove(member);
        return isEmpty();
    }

    synchronized boolean isEmpty() {
        return active.isEmpty() && joining.isEmpty();
    }

    boolean isMember(M member) {
        return members.contains(member);
    }

    synchronized long watermark() {
        return w;
    }

    synchronized String epoch() {
        return epoch;
    }

    /** An event from the room's channel (or a say's own message), in the channel's order. */
    synchronized void event(RoomEvent event) {
        if (event instanceof RoomEvent.Typing typing) { // ephemeral: to who is in now, not held, not kept
            String user = typing.user();
            out.send(active.stream().filter(m -> !user.equals(userOf.apply(m))).toList(), typing.frame());
            return;
        }
        if (retired.contains(event.epoch())) {
            return;
        }
        if (epoch == null) {
            if (!joining.isEmpty() && !hold(early, event)) {
                behind = true;
            }
            return;
        }
        if (!epoch.equals(event.epoch())) {
            reset();
            return;
        }
        if (!hold(pending, event)) {
            behind = true;
        }
        drain();
    }

    /** Events were lost before reaching the feed, or the channel reconnected: repair from the log to its end. */
    synchronized void behind() {
        behind = true;
        drain();
    }

    /** Tries again what waits for a repair (a fetch failed: Redis was unavailable), if anything does. */
    synchronized void retry() {
        if (behind) {
            drain();
        }
    }

    /** Completes once id {@code id} of {@code epoch} has been delivered here (at once if it has, or cannot be). */
    synchronized CompletableFuture<Void> said(String epoch, long id) {
        if (this.epoch == null || !this.epoch.equals(epoch) || id <= w) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        waiters.computeIfAbsent(id, i -> new ArrayList<>()).add(done);
        return done;
    }

    /** Fetch {@code fetch}'s answer: the room's epoch and last id, and the log's messages asked for, in order. */
    synchronized void repaired(long fetch, String epoch, long last, List<RoomEvent.Message> messages) {
        if (!fetching || fetch != this.fetch) {
            return;
        }
        fetching = false;
        if (epoch == null || !epoch.equals(this.epoch) || last < w) {
            reset();
            return;
        }
        for (RoomEvent.Message message : messages) {
            if (message.id() > w + 1) {
                break;
            }
            if (message.id() == w + 1) {
                advance(message);
            }
        }
        if (w < Math.min(fetchUpTo, last)) { // the ids needed are no longer kept
            reset();
            return;
        }
        drain();
    }

    /** Fetch {@code fetch} failed (Redis unavailable): repaired at the next chance. */
    synchronized void fetchFailed(long fetch) {
        if (fetching && fetch == this.fetch) {
            fetching = false;
            behind = true;
        }
    }

    /** The first join's answer: the feed starts at its epoch and last id; what came early is delivered from there. */
    private void start(String epoch, long last, Joiner<M> first) {
        this.epoch = epoch;
        this.w = last;
        for (Joiner<M> other : joining.values()) {
            for (int i = other.earlyStart; i < early.size(); i++) {
                if (other != first && epoch.equals(early.get(i).epoch())) {
                    other.keep(early.get(i));
                }
            }
        }
        for (RoomEvent event : early) {
            if (epoch.equals(event.epoch()) && !hold(pending, event)) {
                behind = true;
            }
        }
        early.clear();
    }

    private void drain() {
        if (epoch == null) {
            return;
        }
        if (behind && !fetching) {
            behind = false;
            startFetch(w, Long.MAX_VALUE);
        }
        RoomEvent event;
        while (!fetching && (event = pending.pollFirst()) != null) {
            if (event instanceof RoomEvent.Presence presence) {
                String user = presence.user();
                long seq = presence.seq();
                out.send(active.stream().filter(m -> !user.equals(userOf.apply(m))
                        && presenceFloor.getOrDefault(m, -1L) < seq).toList(), presence.frame());
                presenceSeen = Math.max(presenceSeen, seq);
                presenceFloor.values().removeIf(floor -> floor <= presenceSeen);
                joining.values().forEach(j -> j.keep(presence));
            } else if (event instanceof RoomEvent.Message message && message.id() > w) {
                if (message.id() == w + 1) {
                    advance(message);
                } else {
                    pending.addFirst(message);
                    startFetch(w, message.id() - 1);
                }
            }
        }
    }

    private void advance(RoomEvent.Message message) {
        w = message.id();
        out.send(active, message.frame());
        List<Joiner<M>> ready = new ArrayList<>();
        for (Joiner<M> joiner : joining.values()) {
            joiner.keep(message);
            if (joiner.known && joiner.last <= w) {
                ready.add(joiner);
            }
        }
        ready.forEach(this::flush);
        while (!waiters.isEmpty() && waiters.firstKey() <= w) {
            waiters.pollFirstEntry().getValue().forEach(done -> done.complete(null));
        }
    }

    /** The joiner's acknowledgement, then what it missed after its {@code last}; from then on it is a member. */
    private void flush(Joiner<M> joiner) {
        joining.remove(joiner.member);
        List<String> frames = joiner.after(w, userOf.apply(joiner.member));
        if (frames == null) { // more than it could keep, or not in sequence: it must start over
            out.close(joiner.member);
            joiner.ready.completeExceptionally(new IllegalStateException("join overtaken"));
            return;
        }
        for (String frame : frames) {
            out.send(List.of(joiner.member), frame);
        }
        active.add(joiner.member);
        members.add(joiner.member);
        if (joiner.presence() > presenceSeen) {
            presenceFloor.put(joiner.member, joiner.presence());
        }
        joiner.ready.complete(null);
    }

    private void startFetch(long after, long upTo) {
        fetching = true;
        fetchUpTo = upTo;
        out.fetch(++fetch, after, upTo);
    }

    /** Closes every local member and starts over: the next join's answer tells the new epoch. */
    private void reset() {
        List<M> closing = new ArrayList<>(active);
        closing.addAll(joining.keySet());
        joining.values().forEach(j -> j.ready.completeExceptionally(new IllegalStateException("room reset")));
        active.clear();
        members.clear();
        joining.clear();
        presenceFloor.clear();
        presenceSeen = -1;
        if (epoch != null) {
            retired.add(epoch);
            if (retired.size() > 8) {
                retired.remove(retired.iterator().next());
            }
        }
        epoch = null;
        w = -1;
        early.clear();
        pending.clear();
        fetching = false;
        behind = false;
        waiters.values().forEach(list -> list.forEach(done -> done.complete(null)));
        waiters.clear();
        closing.forEach(out::close);
    }

    private static boolean hold(Collection<RoomEvent> held, RoomEvent event) {
        return held.size() < MAX_HELD && held.add(event);
    }
}

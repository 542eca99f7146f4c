package dev.parley.chat;

import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import dev.parley.session.OutboundMessage;

/**
 * The {@link RoomStore} in one server's memory: its rooms, and what they may hold together ({@link RoomLimits}):
 * rooms are made on first join (or publish) within the server's cap and the joining address's budget, and removed
 * once empty and idle; their history stays within each room's bound and the server's total, the largest room giving
 * up its oldest messages first. Every room made gets a new epoch (16 hex digits drawn from {@code random}): this
 * store forgets everything when the server stops, so a restarted server's rooms start new id sequences under new
 * epochs. Sans-I/O: members are {@link ChatSession}s, frames go to a {@link Delivery}, time comes from
 * {@code nanoTime}, epochs from {@code random}. Thread-safe.
 *
 * <p>Each request is carried out at once, on the caller's thread: the {@link RoomStore} methods answer with stages
 * already complete (a refusal: completed exceptionally with its {@link RequestRejected}). The synchronous forms, on
 * {@link ChatSession}s, are what those stages are made of (and what the rooms' own tests call): they return the
 * answer or throw the refusal.
 */
final class MemoryRoomStore implements RoomStore {
    /** Hands a message to a member's outbound queue (the same message to every member: encoded once). */
    interface Delivery {
        void send(ChatSession member, OutboundMessage message);
    }

    /** How often a join or publish looks again for a room that was closed under it (each time a new one is made). */
    private static final int ATTEMPTS = 8;

    private final RoomLimits limits;
    private final int historySize;
    private final Delivery delivery;
    private final LongSupplier nanoTime;
    private final long idleNanos;
    private final Map<String, ChatRoom> rooms = new ConcurrentHashMap<>();
    /** Rooms made and not closed: what the cap counts (the map may briefly hold a closed one). */
    private final AtomicInteger open = new AtomicInteger();
    private final HistoryBudget<ChatRoom> budget;
    private final NewRoomBudget newRooms;
    private final RandomGenerator random;
    /** Who is connected here, for whispers (none until {@link #start}). */
    private volatile LocalUsers users;

    /** {@code random} must be safe for several threads (e.g. {@code SecureRandom}) unless only one uses the rooms. */
    MemoryRoomStore(RoomLimits limits, int historySize, Delivery delivery, LongSupplier nanoTime,
                    RandomGenerator random) {
        this.limits = limits;
        this.random = random;
        this.historySize = historySize;
        this.delivery = delivery;
        this.nanoTime = nanoTime;
        this.idleNanos = limits.idleTimeout().toNanos();
        this.budget = new HistoryBudget<>(limits.historyTotalBytes());
        this.newRooms = new NewRoomBudget(limits.newRoomsPerMinute());
    }

    @Override
    public String newEpoch() {
        return HexFormat.of().toHexDigits(random.nextLong());
    }

    /**
     * {@code member} joins room {@code name}, which is made if need be (charged to the member's address). With an
     * {@code ack} id the room sends the member its acknowledgement ({@link ChatRoom#join}).
     *
     * @throws RequestRejected {@code too_many_rooms}, {@code server_full} or {@code too_many_new_rooms}
     */
    Joined join(ChatSession member, String name, String ack) {
        boolean rejoin = member.rooms.contains(name);
        if (!rejoin && member.rooms.size() >= MAX_ROOMS_PER_SESSION) {
            throw new RequestRejected("too_many_rooms", "a connection may be in at most " + MAX_ROOMS_PER_SESSION
                    + " rooms");
        }
        // Issue 11, finding 8: a close on another thread must not leave the member in the room for good. The name
        // goes into the member's rooms before the join and the closed flag is read after it; closed() sets the flag
        // before it reads the rooms. So either closed() sees this room and leaves it, or the join sees the flag.
        member.rooms.add(name);
        try {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                ChatRoom room = openRoom(name, member.address);
                Joined joined = room.join(member.user, member, ack);
                if (joined != null) {
                    if (member.closed) {
                        leave(member, name);
                    }
                    return joined;
                }
            }
            throw new RequestRejected("try_again", "room \"" + name + "\" was being removed; join again");
        } catch (RequestRejected refused) {
            if (!rejoin) {
                member.rooms.remove(name);
            }
            throw refused;
        }
    }

    /** {@code member} leaves room {@code name}; false if it was not in. An empty room without history goes. */
    boolean leave(ChatSession member, String name) {
        ChatRoom room = rooms.get(name);
        long now = nanoTime.getAsLong();
        if (room == null || !room.leave(member.user, member, now)) {
            return false;
        }
        member.rooms.remove(name);
        closeIfIdle(room, now);
        return true;
    }

    /** The member's connection has closed: it leaves every room it is in (and any it is joining now). */
    void closed(ChatSession member) {
        member.closed = true;
        for (String name : member.rooms) {
            leave(member, name);
        }
    }

    /** {@code member} says {@code text} in room {@code name}; {@code not_member} if it is not in. */
    ChatMessage say(ChatSession member, String name, String text, Instant ts) {
        ChatRoom room = rooms.get(name);
        ChatMessage message = room == null || !room.isMember(member.user, member) ? null
                : room.say(member.user, text, ts, nanoTime.getAsLong());
        if (message == null) {
            throw new RequestRejected("not_member", "join \"" + name + "\" before saying something there");
        }
        keepWithinBudget();
        return message;
    }

    /**
     * Says {@code text} in room {@code name} as {@code from} for the publish API, making the room if need be (within
     * the server's cap; the API is trusted, so no address budget applies).
     */
    ChatMessage publishNow(String name, String from, String text, Instant ts) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            ChatMessage message = openRoom(name, null).say(from, text, ts, nanoTime.getAsLong());
            if (message != null) {
                keepWithinBudget();
                return message;
            }
        }
        throw new RequestRejected("try_again", "room \"" + name + "\" was being removed; publish again");
    }

    /** Room {@code name}'s history for a member of it ({@link RoomStore#history}); {@code not_member} if not. */
    History history(ChatSession member, String name, long since, int limit, String epoch) {
        ChatRoom room = rooms.get(name);
        if (room == null || !room.isMember(member.user, member)) {
            throw new RequestRejected("not_member", "join \"" + name + "\" before asking for its history");
        }
        return room.history(since, limit, epoch);
    }

    /** Removes the rooms that are empty and idle, and forgets the address budgets that are whole again. */
    @Override
    public void sweep() {
        long now = nanoTime.getAsLong();
        for (ChatRoom room : rooms.values()) {
            closeIfIdle(room, now);
        }
        newRooms.sweep(now);
    }

    /** Rooms open now. */
    @Override
    public int size() {
        return open.get();
    }

    /** History bytes all rooms keep now. */
    @Override
    public long historyBytes() {
        return budget.used();
    }

    @Override
    public void start(LocalUsers users) {
        this.users = users;
    }

    @Override
    public CompletionStage<Joined> join(Member member, String room, String ack) {
        return now(() -> join(session(member), room, ack));
    }

    @Override
    public CompletionStage<Boolean> leave(Member member, String room) {
        return now(() -> leave(session(member), room));
    }

    @Override
    public void closed(Member member) {
        closed(session(member));
    }

    @Override
    public CompletionStage<ChatMessage> say(Member member, String room, String text, Instant ts) {
        return now(() -> say(session(member), room, text, ts));
    }

    @Override
    public CompletionStage<ChatMessage> publish(String room, String from, String text, Instant ts) {
        return now(() -> publishNow(room, from, text, ts));
    }

    @Override
    public CompletionStage<History> history(Member member, String room, long since, int limit, String epoch) {
        return now(() -> history(session(member), room, since, limit, epoch));
    }

    @Override
    public CompletionStage<Boolean> typing(Member member, String room, OutboundMessage frame) {
        ChatSession session = session(member);
        ChatRoom open = rooms.get(room);
        return CompletableFuture.completedFuture(open != null && open.isMember(session.user, session)
                && open.typing(session.user, frame));
    }

    /** To the user's sessions on this server, the only ones there are. */
    @Override
    public CompletionStage<Boolean> whisper(String to, OutboundMessage frame) {
        LocalUsers here = users;
        Collection<? extends Member> targets = here == null ? List.of() : here.sessionsOf(to);
        for (Member target : targets) {
            target.send(frame);
        }
        return CompletableFuture.completedFuture(!targets.isEmpty());
    }

    /** Nothing to let go of: the rooms go with the heap. */
    @Override
    public void close() {
    }

    /** {@code request}'s answer as a completed stage; its refusal (or failure) as one completed exceptionally. */
    private static <T> CompletionStage<T> now(Supplier<T> request) {
        try {
            return CompletableFuture.completedFuture(request.get());
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }

    /** This store's members are the chat's sessions. */
    private static ChatSession session(Member member) {
        if (member instanceof ChatSession session) {
            return session;
        }
        throw new IllegalArgumentException("not a chat session: " + member);
    }

    /** The open room {@code name}, made now if there is none (a closed one is replaced). */
    private ChatRoom openRoom(String name, String address) {
        ChatRoom room = rooms.get(name);
        if (room != null && !room.isClosed()) {
            return room;
        }
        return rooms.compute(name, (n, existing) -> {
            if (existing != null && !existing.isClosed()) {
                return existing;
            }
            if (open.incrementAndGet() > limits.maxRooms()) {
                open.decrementAndGet();
                throw new RequestRejected("server_full", "this server holds its maximum of " + limits.maxRooms()
                        + " rooms; join an existing room or try later");
            }
            long now = nanoTime.getAsLong();
            if (address != null && !newRooms.tryTake(address, now)) {
                open.decrementAndGet();
                throw new RequestRejected("too_many_new_rooms", "one address may create at most "
                        + newRooms.perMinute() + " rooms a minute; try again in " + newRooms.secondsUntilNext()
                        + " s or join an existing room");
            }
            return new ChatRoom(n, newEpoch(), historySize, limits.historyBytes(), delivery, budget, now);
        });
    }

    private void closeIfIdle(ChatRoom room, long now) {
        if (room.closeIfIdle(now, idleNanos)) {
            open.decrementAndGet();
            rooms.remove(room.name(), room);
        }
    }

    /** Over the server's history budget: the largest room drops its oldest message, again until within. */
    private void keepWithinBudget() {
        ChatRoom largest;
        while ((largest = budget.largestIfOver()) != null && largest.dropOldest()) {
            // each round frees one message
        }
    }
}

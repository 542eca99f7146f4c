package dev.parley.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A member of a {@link RoomFeed} whose join is under way: what the feed delivered since it registered (ids
 * increasing, at most {@link RoomFeed#MAX_HELD}), and, once its join script answered, that answer's last id,
 * presence number and acknowledgement. Guarded by its feed's lock.
 */
final class Joiner<M> {
    final M member;
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    /** Where the feed's early events stood when it registered (a feed whose epoch is not known yet). */
    final int earlyStart;
    private final List<RoomEvent> kept = new ArrayList<>();
    private long lastKept = -1;
    private long lastPresence = -1;
    private boolean overflow;
    boolean known;
    long last;
    private long presence;
    private String ack;

    Joiner(M member, int earlyStart) {
        this.member = member;
        this.earlyStart = earlyStart;
    }

    /** The presence number its join's answer includes (presence up to it is in its member list). */
    long presence() {
        return presence;
    }

    void known(long last, long presence, String ack) {
        this.known = true;
        this.last = last;
        this.presence = presence;
        this.ack = ack;
    }

    void keep(RoomEvent event) {
        if (event instanceof RoomEvent.Message message) {
            if (message.id() <= lastKept) {
                return;
            }
            lastKept = message.id();
        } else if (event instanceof RoomEvent.Presence presence) {
            if (presence.seq() <= lastPresence) {
                return;
            }
            lastPresence = presence.seq();
        }
        if (kept.size() >= RoomFeed.MAX_HELD) {
            overflow = true;
        } else {
            kept.add(event);
        }
    }

    /**
     * The frames this member gets now that the feed is at {@code w >= last}: its acknowledgement, then the messages
     * {@code last+1..w} and the presence after its join's (not its own user's), in order. Null if it did not keep
     * exactly those (it overflowed). What it kept beyond {@code w} the feed has still to deliver: not here.
     */
    List<String> after(long w, String user) {
        if (overflow) {
            return null;
        }
        List<String> frames = new ArrayList<>();
        if (ack != null) {
            frames.add(ack);
        }
        long expect = last + 1;
        for (RoomEvent event : kept) {
            if (event instanceof RoomEvent.Message message) {
                if (message.id() <= last) {
                    continue;
                }
                if (message.id() > w) {
                    break; // kept early, still to be delivered by the feed, to this member too once it is in
                }
                if (message.id() != expect++) {
                    return null;
                }
            } else if (event instanceof RoomEvent.Presence p && (p.seq() <= presence || p.user().equals(user))) {
                continue;
            }
            frames.add(event.frame());
        }
        return expect - 1 == w ? frames : null;
    }
}

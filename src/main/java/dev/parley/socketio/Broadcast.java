package dev.parley.socketio;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Logger;

/**
 * An emit to part of a namespace: {@code ns.to("room").except(socket.id()).emit(...)}. Immutable; each call returns
 * a new one. The packet is encoded once for all; a failure sending to one socket is logged and the others still get
 * it.
 */
public final class Broadcast {
    private static final Logger LOG = Logger.getLogger(Broadcast.class.getName());

    private final Namespace namespace;
    private final List<String> to;
    private final List<String> except;

    Broadcast(Namespace namespace, List<String> to, List<String> except) {
        this.namespace = namespace;
        this.to = List.copyOf(to);
        this.except = List.copyOf(except);
    }

    /** Also the sockets in these rooms (with no room named, the whole namespace). */
    public Broadcast to(String... rooms) {
        List<String> more = new ArrayList<>(to);
        more.addAll(Arrays.asList(rooms));
        return new Broadcast(namespace, more, except);
    }

    /** But not the sockets in these rooms, or with these ids. */
    public Broadcast except(String... rooms) {
        List<String> more = new ArrayList<>(except);
        more.addAll(Arrays.asList(rooms));
        return new Broadcast(namespace, to, more);
    }

    /** The sockets this emit reaches now. */
    public List<SioSocket> targets() {
        return namespace.rooms().select(to, except, namespace.everyone());
    }

    /** Sends one event to each target; returns how many it was handed to. */
    public int emit(String event, Object... args) {
        PacketWriter.Outgoing packet = PacketWriter.event(namespace.name(), Packet.NO_ID, event, Arrays.asList(args));
        int sent = 0;
        for (SioSocket socket : targets()) {
            try {
                socket.send(packet);
                sent++;
            } catch (RuntimeException e) {
                LOG.warning(() -> "event=socketio-send-failed socket=" + socket + " cause=" + e);
            }
        }
        return sent;
    }
}

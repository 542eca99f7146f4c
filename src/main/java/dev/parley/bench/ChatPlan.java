package dev.parley.bench;

import java.net.URI;
import java.util.List;

/**
 * Who is who in a chat run, decided before anything connects: member {@code i} of {@code C} joins room
 * {@code i mod R} on node {@code (i / R) mod K}, so every room has C/R members (one more for the first C mod R
 * rooms) and each room's members take the K nodes in turn, and the members of all rooms together are spread evenly
 * over the nodes. Names are {@code b<tag>-<i>}: unique in the run, and across runs through the random tag (a name is
 * held by one connection at a time). Rooms are {@code bench-<r>}, the same in every run, so repeated runs reuse them
 * (the join's answer says where their ids are). Sans-I/O.
 *
 * @param nodes   the servers' URLs (at least one): only scheme, host and port are used
 * @param members C
 * @param rooms   R, 1 to C
 * @param tag     the run's name tag: letters and digits, at most 10
 */
record ChatPlan(List<URI> nodes, int members, int rooms, String tag) {

    ChatPlan {
        nodes = List.copyOf(nodes);
        if (nodes.isEmpty() || members < 1 || rooms < 1 || rooms > members) {
            throw new IllegalArgumentException("at least one node and one member, and 1 to " + members + " rooms");
        }
        if (!tag.matches("[a-z0-9]{1,10}")) {
            throw new IllegalArgumentException("bad tag " + tag);
        }
    }

    int roomOf(int member) {
        return member % rooms;
    }

    URI nodeOf(int member) {
        return nodes.get(member / rooms % nodes.size());
    }

    String nameOf(int member) {
        return "b" + tag + "-" + member;
    }

    /** The path of member {@code i}'s handshake: {@code chatPath?name=<its name>} (open mode, docs/protocol.md). */
    String pathOf(String chatPath, int member) {
        return chatPath + "?name=" + nameOf(member);
    }

    static String roomName(int room) {
        return "bench-" + room;
    }

    /** How many members room {@code room} has. */
    int sizeOf(int room) {
        return members / rooms + (room < members % rooms ? 1 : 0);
    }

    /** The {@code k}-th member of room {@code room} (0 to its size - 1): who says the room's k-th message in turn. */
    int member(int room, int k) {
        return room + k * rooms;
    }
}

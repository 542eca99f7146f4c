package dev.parley.redis;

/**
 * The Redis names of one room (the fixed layout of issue 14; docs/scaling.md). Every key and the channel carry the
 * room in a {@code {hash tag}}, so in a Redis Cluster a room lives in one slot and its scripts may touch all of them.
 * Room names follow the chat's rule (letters, digits, {@code _-.}), so they need no escaping.
 *
 * @param meta    hash: {@code epoch}, {@code last} (the last id given), {@code p} (the last presence number)
 * @param log     stream: entry id {@code <id>-0}, field {@code m} = the finished message frame
 * @param members hash: user -> sessions in the room on all nodes
 * @param at      hash: {@code user|node} -> sessions in the room on that node
 * @param channel pub/sub channel: the room's messages and presence ({@link RoomEvent})
 */
public record RoomKeys(String room, String meta, String log, String members, String at, String channel) {
    /** Prefix of every room channel; what follows is {@code {room}}. */
    static final String CHANNEL_PREFIX = "parley:{";

    public static RoomKeys of(String room) {
        String tag = "parley:{" + room + "}";
        return new RoomKeys(room, tag + ":meta", tag + ":log", tag + ":members", tag + ":at", tag);
    }

    /** The room whose channel is {@code channel}, or null if it is no room channel ({@code parley:{R}}). */
    public static String roomOf(String channel) {
        if (!channel.startsWith(CHANNEL_PREFIX) || !channel.endsWith("}")) {
            return null;
        }
        return channel.substring(CHANNEL_PREFIX.length(), channel.length() - 1);
    }

    /** The keys a room script takes, in the order the scripts name them: meta, log, members, at. */
    String[] scriptKeys() {
        return new String[] {meta, log, members, at};
    }
}

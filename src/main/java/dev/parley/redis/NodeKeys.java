package dev.parley.redis;

/**
 * The node side's Redis keys and channels (issue 14's fixed layout; docs/scaling.md). A node's keys carry its id in a
 * hash tag, a user's hash its name, so each lives in one Redis Cluster slot. {@code N} is a node id, {@code U} a user.
 */
final class NodeKeys {
    /** Zset node id → the time of its last heartbeat (epoch ms): where the reaper looks for silent nodes. */
    static final String NODES = "parley:nodes";
    /** The reaper's lock: one node reaps per period. */
    static final String REAPER = "parley:reaper";

    private NodeKeys() {
    }

    /** {@code parley:node:{N}}: the alive key (its run information), set with an expiry by every heartbeat. */
    static String alive(String node) {
        return "parley:node:{" + node + "}";
    }

    /** {@code parley:node:{N}:rooms}: the rooms where the node has members. */
    static String rooms(String node) {
        return alive(node) + ":rooms";
    }

    /** {@code parley:node:{N}:users}: the users with sessions on the node (whose hashes name it). */
    static String users(String node) {
        return alive(node) + ":users";
    }

    /** Channel {@code parley:node:{N}}: whispers to the node's sessions, and its probes. */
    static String channel(String node) {
        return alive(node);
    }

    /** {@code parley:user:{U}}: hash node id → the user's sessions there. */
    static String user(String user) {
        return "parley:user:{" + user + "}";
    }
}

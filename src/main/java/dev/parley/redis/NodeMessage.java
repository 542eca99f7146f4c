package dev.parley.redis;

/**
 * What travels on a node's channel {@code parley:node:{N}} (sans-I/O: text in, values out). A whisper is
 * {@code w <length> <user> <frame>}: the target user's name after its length in chars (a name may hold any
 * character, spaces included), then the finished whisper frame, sent as it is to each of the user's sessions on that
 * node. Other kinds (a payload starting {@code p } is kept for probes) decode to null, so a newer node's messages do
 * not trouble an older one.
 */
sealed interface NodeMessage {
    /** The whisper {@code frame} for every session of {@code user} on the receiving node. */
    record Whisper(String user, String frame) implements NodeMessage {
    }

    /** The channel payload of {@code message}. */
    static String encode(NodeMessage message) {
        Whisper whisper = (Whisper) message;
        return "w " + whisper.user().length() + " " + whisper.user() + " " + whisper.frame();
    }

    /** The message in {@code payload}, or null if it is none (another kind, or damaged). */
    static NodeMessage decode(String payload) {
        if (!payload.startsWith("w ")) {
            return null;
        }
        int space = payload.indexOf(' ', 2);
        if (space < 3 || space > 11) { // 1 to 9 digits
            return null;
        }
        int length;
        try {
            length = Integer.parseInt(payload.substring(2, space));
        } catch (NumberFormatException notNumber) {
            return null;
        }
        long frame = space + 1L + length + 1L;
        if (length < 0 || frame > payload.length() || payload.charAt((int) frame - 1) != ' ') {
            return null;
        }
        return new Whisper(payload.substring(space + 1, (int) frame - 1), payload.substring((int) frame));
    }
}

package dev.parley.redis;

/**
 * What a room's channel carries, one payload per event, in the order the room's scripts made them: a message
 * ({@code <epoch> <id> <frame>}) or a presence change ({@code <epoch> p<n> <user> <frame>}, {@code n} the room's
 * presence number, which the join script returns too, so a joining node can tell which presence its join's member
 * list already includes), or an ephemeral {@link Typing} push, which the feed passes on and never keeps. Frames are the finished JSON the sessions get. Sans-I/O codec.
 */
public sealed interface RoomEvent {
    String epoch();

    String frame();

    /** A message: id {@code id} of epoch {@code epoch}. */
    record Message(String epoch, long id, String frame) implements RoomEvent {
        String payload() {
            return epoch + ' ' + id + ' ' + frame;
        }
    }

    /** A presence change of {@code user}: the room's {@code seq}-th since its epoch began. */
    record Presence(String epoch, long seq, String user, String frame) implements RoomEvent {
        String payload() {
            return epoch + " p" + seq + ' ' + user + ' ' + frame;
        }
    }

    /**
     * An ephemeral push of {@code user} (a {@code typing} frame): to the room's members of other users, on every node,
     * never kept, no id, outside the order of messages and presence. Payload {@code <epoch> t <user> <frame>}.
     */
    record Typing(String epoch, String user, String frame) implements RoomEvent {
        String payload() {
            return epoch + " t " + user + ' ' + frame;
        }
    }

    /** The event in {@code payload}, or null if it is not one (a malformed payload is ignored, not fatal). */
    static RoomEvent parse(String payload) {
        int a = payload.indexOf(' ');
        int b = a < 0 ? -1 : payload.indexOf(' ', a + 1);
        if (a <= 0 || b < 0) {
            return null;
        }
        String epoch = payload.substring(0, a);
        try {
            if (b == a + 2 && payload.charAt(a + 1) == 't') {
                int c = payload.indexOf(' ', b + 1);
                return c < 0 ? null : new Typing(epoch, payload.substring(b + 1, c), payload.substring(c + 1));
            }
            if (payload.charAt(a + 1) != 'p') {
                return new Message(epoch, Long.parseLong(payload, a + 1, b, 10), payload.substring(b + 1));
            }
            int c = payload.indexOf(' ', b + 1);
            if (c < 0) {
                return null;
            }
            return new Presence(epoch, Long.parseLong(payload, a + 2, b, 10), payload.substring(b + 1, c),
                    payload.substring(c + 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

package dev.parley.bench;

/**
 * One chat connection's member as the chat workload keeps it: its room, whether its join was answered, the last id it
 * got in its room, and the sequences of its says awaiting an answer (oldest first; their send times are its
 * {@link Conn#sent}). Sans-I/O.
 */
final class ChatMember {
    final int room;
    final byte[] roomName;
    final LongRing seqs = new LongRing(4);
    private boolean joined;
    private long lastId;

    ChatMember(int room, String roomName) {
        this.room = room;
        this.roomName = ChatFrame.ascii(roomName);
    }

    boolean joined() {
        return joined;
    }

    /** The join's answer: the room's ids stand at {@code last}. */
    void joined(long last) {
        joined = true;
        lastId = last;
    }

    /**
     * Message {@code id} of the room arrived: whether it is the one after the last (else a gap, a duplicate or a
     * reordering); the last is then the highest seen.
     */
    boolean next(long id) {
        boolean inOrder = id == lastId + 1;
        lastId = Math.max(lastId, id);
        return inOrder;
    }
}

package dev.parley.bench;

/** Counts the data frames of a run on the wire, both ways; one per {@link Driver} (its thread only). */
final class WireTally {
    private long bytesSent;
    private long messagesSent;
    private long bytesReceived;
    private long messagesReceived;

    /** A workload message of {@code wireBytes} went out. */
    void sent(long wireBytes) {
        bytesSent += wireBytes;
        messagesSent++;
    }

    /** A data message of {@code wireBytes} (all its frames) came in. */
    void received(long wireBytes) {
        bytesReceived += wireBytes;
        messagesReceived++;
    }

    WireBytes snapshot(boolean deflate) {
        return new WireBytes(deflate, messagesSent, bytesSent, messagesReceived, bytesReceived);
    }
}

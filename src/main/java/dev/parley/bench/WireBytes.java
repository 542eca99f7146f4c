package dev.parley.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The data frames of one run on the wire, headers included, both ways: what {@code --deflate} is measured by.
 * Handshakes, pings and closes are left out; warm-up and window both count (bytes per message do not depend on time).
 */
record WireBytes(boolean deflate, long messagesSent, long bytesSent, long messagesReceived, long bytesReceived) {
    static final WireBytes NONE = new WireBytes(false, 0, 0, 0, 0);

    /** The result fields: wire bytes per message sent and per message (delivery) received. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deflate", deflate);
        m.put("wireBytesPerMessageOut", messagesSent == 0 ? null : (double) bytesSent / messagesSent);
        m.put("wireBytesPerDeliveryIn", messagesReceived == 0 ? null : (double) bytesReceived / messagesReceived);
        m.put("messagesOut", messagesSent);
        m.put("messagesIn", messagesReceived);
        return m;
    }
}

package dev.parley.socketio;

import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;

/**
 * The socket.io-protocol test-suite's message exchanges, written once from the protocol document, as Socket.IO
 * packets (without Engine.IO's {@code 4} in front): {@link SuiteFixtureTest} feeds them to the protocol core,
 * {@link SocketIoSuiteIT} sends them over the wire, each behind a {@code 4}.
 */
final class SuitePackets {
    /** "message" with plain arguments, and the fixture's echo of it. */
    static final String PLAIN = "2[\"message\",1,\"2\",{\"3\":[true]}]";
    static final String PLAIN_BACK = "2[\"message-back\",1,\"2\",{\"3\":[true]}]";
    /** "message-with-ack" with ack id 456, and its ack with the same arguments. */
    static final String PLAIN_WITH_ACK = "2456[\"message-with-ack\",1,\"2\",{\"3\":[false]}]";
    static final String PLAIN_ACK = "3456[1,\"2\",{\"3\":[false]}]";
    /** "message" with two binary attachments (the suite's 1, 2, 3 and 4, 5, 6 follow it), and its echo. */
    static final String BINARY = "52-[\"message\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]";
    static final String BINARY_BACK = BINARY.replace("\"message\"", "\"message-back\"");
    /** "message-with-ack" with ack id 789 and the same two attachments, and its BINARY_ACK. */
    static final String BINARY_WITH_ACK = "52-789[\"message-with-ack\",{\"_placeholder\":true,\"num\":0},"
            + "{\"_placeholder\":true,\"num\":1}]";
    static final String BINARY_ACK = "62-789[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]";
    /** Malformed: an ack id that is no number. */
    static final String INVALID_ACK_ID = "2abc[\"message-with-ack\",1,\"2\",{\"3\":[false]}]";

    private SuitePackets() {
    }

    /** The JSON object of a CONNECT answer ({@code prefix}: its type and namespace, e.g. {@code 0/custom,}). */
    static JsonObject handshake(String packet, String prefix) {
        assertTrue(packet.startsWith(prefix), packet);
        return SocketIoJson.parse(packet.substring(prefix.length())).asJsonObject();
    }
}

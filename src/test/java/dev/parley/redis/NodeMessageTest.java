package dev.parley.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class NodeMessageTest {
    private static final String FRAME = "{\"type\":\"whisper\",\"from\":\"bob\",\"text\":\"hi there\",\"ts\":\"x\"}";

    @Test
    void whisperRoundTrips() {
        NodeMessage whisper = new NodeMessage.Whisper("ann", FRAME);
        assertEquals("w 3 ann " + FRAME, NodeMessage.encode(whisper));
        assertEquals(whisper, NodeMessage.decode(NodeMessage.encode(whisper)));
    }

    @Test
    void namesWithSpacesDigitsAndOtherScriptsRoundTrip() {
        for (String user : new String[] {"a b", "12 3", " ", "Zoë 🙂", "w 3 x"}) {
            NodeMessage whisper = new NodeMessage.Whisper(user, FRAME);
            assertEquals(whisper, NodeMessage.decode(NodeMessage.encode(whisper)), user);
        }
    }

    @Test
    void anEmptyFrameRoundTrips() {
        assertEquals(new NodeMessage.Whisper("ann", ""), NodeMessage.decode("w 3 ann "));
    }

    @Test
    void otherKindsAndDamageDecodeToNull() {
        for (String payload : new String[] {"p 42", "", "w", "w ", "w 3", "w 3 ann", "w 4 ann x", "w x ann x",
                "w -1 ann x", "w 99 ann x", "w 1234567890 a x", "w 3 annx" + FRAME, "x 3 ann " + FRAME}) {
            assertNull(NodeMessage.decode(payload), payload);
        }
    }
}

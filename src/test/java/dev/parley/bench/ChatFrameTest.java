package dev.parley.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ChatFrameTest {
    private final ChatFrame frame = new ChatFrame();

    private ChatFrame read(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return frame.read(b, b.length);
    }

    @Test
    void aMessageFrameInTheServersOrder() {
        byte[] text = new byte[40];
        ChatText.write(0x1234_5678_9abcL, 42, text, 0);
        java.util.Arrays.fill(text, 32, 40, (byte) 'x');
        String t = new String(text, StandardCharsets.US_ASCII);
        ChatFrame f = read("{\"type\":\"message\",\"room\":\"bench-3\",\"id\":18,\"from\":\"b1-2\",\"text\":\"" + t
                + "\",\"ts\":\"2026-11-21T20:15:03.512Z\"}");
        assertEquals(ChatFrame.Type.MESSAGE, f.type);
        assertTrue(f.whole);
        assertEquals(18, f.id);
        assertTrue(f.roomIs(ChatFrame.ascii("bench-3")));
        assertFalse(f.roomIs(ChatFrame.ascii("bench-30")));
        assertEquals(40, f.textLength);
        assertEquals(0x1234_5678_9abcL, ChatText.sentAt(f.bytes(), f.textAt, f.textLength));
        assertEquals(42, ChatText.seq(f.bytes(), f.textAt, f.textLength));
    }

    @Test
    void anyFieldOrderNestedValuesAndEscapes() {
        ChatFrame f = read("{ \"ack\" : \"j\", \"room\":\"r\", \"members\":[\"a\",\"b,c\",\"d\\\"]\"], "
                + "\"x\":{\"last\":5,\"y\":[1,[2,3]]}, \"last\": 17, \"epoch\":\"9b1d\", \"type\":\"ack\"}");
        assertEquals(ChatFrame.Type.ACK, f.type);
        assertTrue(f.whole);
        assertEquals(3, f.members);
        assertEquals(17, f.last, "the nested last is not the frame's");
        assertTrue(f.ackIs(ChatFrame.ascii("j")));
        assertEquals(0, read("{\"type\":\"ack\",\"members\":[],\"last\":0}").members);
    }

    @Test
    void anErrorAndAFrameCutShort() {
        ChatFrame f = read("{\"type\":\"error\",\"ack\":\"000000000000002a\",\"code\":\"rate_limited\","
                + "\"message\":\"over 20 messages per second; slow down\"}");
        assertEquals(ChatFrame.Type.ERROR, f.type);
        assertEquals("rate_limited", f.code());
        assertEquals(42, Timestamps.read(f.bytes(), f.ackAt, f.ackLength));
        ChatFrame cut = read("{\"type\":\"ack\",\"room\":\"r\",\"members\":[\"a\",\"b\"");
        assertFalse(cut.whole);
        assertEquals(ChatFrame.Type.ACK, cut.type, "what came before the cut is read");
        assertEquals(-1, cut.last);
        assertNull(read("not json").code());
        assertFalse(frame.whole);
    }

    @Test
    void membersAreSpreadOverRoomsAndEachRoomsMembersOverTheNodes() {
        List<URI> nodes = List.of(URI.create("ws://a:1"), URI.create("ws://b:2"));
        ChatPlan plan = new ChatPlan(nodes, 10, 3, "t1");
        assertEquals(List.of(4, 3, 3), List.of(plan.sizeOf(0), plan.sizeOf(1), plan.sizeOf(2)));
        Set<String> names = new HashSet<>();
        for (int room = 0; room < 3; room++) {
            List<URI> seen = new ArrayList<>();
            for (int k = 0; k < plan.sizeOf(room); k++) {
                int m = plan.member(room, k);
                assertEquals(room, plan.roomOf(m));
                seen.add(plan.nodeOf(m));
                assertTrue(names.add(plan.nameOf(m)));
            }
            assertEquals(nodes.get(0), seen.get(0));
            assertEquals(nodes.get(1), seen.get(1), "a room's members take the nodes in turn");
        }
        assertEquals(10, names.size(), "every member in exactly one room");
        assertEquals("/chat?name=bt1-7", plan.pathOf("/chat", 7));
    }
}

package dev.parley.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.parley.chat.ChatMessage;

/** Frames rendered around their id are byte for byte the memory store's; payloads and keys as the layout says. */
class RoomFramesTest {
    private static final Instant TS = Instant.parse("2026-12-02T01:02:03.456Z");

    @Test
    void aMessageFrameIsTheMemoryStoresWhateverTheText() {
        for (String text : new String[] {"hi", "\"id\":-9223372036854775808,", "é ✓ 🎉 \u0000\n\"\\", ""}) {
            ChatMessage message = new ChatMessage("lobby-1.x_y", 42, "alice", text, TS);
            String frame = RoomFrames.message("lobby-1.x_y", "alice", text, TS).frame(42);
            assertEquals(message.toJson().toString(), frame);
            assertEquals(message, RoomFrames.parse(frame));
        }
    }

    @Test
    void theEvictScriptsLeaveFrameIsTheMemoryStores() {
        RoomFrames.Template around = RoomFrames.leaveAround("lobby");
        assertEquals("{\"type\":\"presence\",\"room\":\"lobby\",\"user\":\"bob\",\"event\":\"leave\"}",
                around.prefix() + "bob" + around.suffix());
        assertEquals(RoomFrames.presence("lobby", "bob", "leave"), around.prefix() + "bob" + around.suffix());
    }

    @Test
    void payloadsRoundTrip() {
        RoomEvent.Message message = new RoomEvent.Message("0123456789abcdef", 17, "{\"a\":\"b c\"}");
        assertEquals(message, RoomEvent.parse(message.payload()));
        RoomEvent.Presence presence = new RoomEvent.Presence("0123456789abcdef", 3, "bob", "{\"x\":\" p1 \"}");
        assertEquals(presence, RoomEvent.parse(presence.payload()));
        assertEquals("e 5 {}", new RoomEvent.Message("e", 5, "{}").payload());
        assertEquals("e p2 bob {}", new RoomEvent.Presence("e", 2, "bob", "{}").payload());
        RoomEvent.Typing typing = new RoomEvent.Typing("0123456789abcdef", "bob", "{\"t\":\" t x \"}");
        assertEquals(typing, RoomEvent.parse(typing.payload()));
        assertEquals("e t bob {}", new RoomEvent.Typing("e", "bob", "{}").payload());
        assertNull(RoomEvent.parse("e t bob"));
        assertNull(RoomEvent.parse("garbage"));
        assertNull(RoomEvent.parse("e x1 {}"));
        assertNull(RoomEvent.parse("e p1"));
    }

    @Test
    void keysCarryTheRoomAsHashTag() {
        RoomKeys keys = RoomKeys.of("lobby");
        assertEquals("parley:{lobby}:meta", keys.meta());
        assertEquals("parley:{lobby}:log", keys.log());
        assertEquals("parley:{lobby}:members", keys.members());
        assertEquals("parley:{lobby}:at", keys.at());
        assertEquals("parley:{lobby}", keys.channel());
        assertEquals("lobby", RoomKeys.roomOf("parley:{lobby}"));
        assertNull(RoomKeys.roomOf("parley:node:{n1}x"));
    }
}

package dev.parley.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

import dev.parley.chat.ChatClient;

/**
 * Issue 11, finding 5: a history answer was one frame, so once a room held more recent text than the outbound
 * bound, every resume (the page asks for 500) was closed 1008 as a slow consumer, in a loop. Now an answer is a
 * page of at most min(outbound bound / 4, 256 KiB) of messages, with {@code more} until the client has them all.
 */
class HistoryPagingIT {
    private static final int MESSAGES = 500;
    private static final String TEXT = "p".repeat(4000);
    private static final long OUTBOUND_BOUND = 1 << 20;
    private static final long PAGE_BYTES = 256 * 1024;

    @Test
    void aResumeOfMoreThanTheOutboundBoundComesInPagesWithEveryMessageOnceInOrder() throws Exception {
        try (AttackedServer server = AttackedServer.start("--outbound-max-bytes", Long.toString(OUTBOUND_BOUND),
                "--history-bytes", Long.toString(8L << 20), "--history-total-bytes", Long.toString(8L << 20),
                "--rate", "1000", "--burst", "1000")) {
            try (ChatClient writer = ChatClient.connect(server.uri("ws", "/chat?name=writer"))) {
                writer.ok("{\"type\":\"join\",\"room\":\"big\"}");
                for (int n = 1; n <= MESSAGES; n++) {
                    assertEquals(n, writer.ok("{\"type\":\"say\",\"room\":\"big\",\"text\":\"" + TEXT + n + "\"}")
                            .getJsonNumber("id").longValue());
                }
                // More than the outbound bound is kept: one answer with all of it would close the reader.
                assertTrue((long) MESSAGES * TEXT.length() > OUTBOUND_BOUND);

                try (ChatClient reader = ChatClient.connect(server.uri("ws", "/chat?name=reader"))) {
                    assertEquals(MESSAGES, reader.ok("{\"type\":\"join\",\"room\":\"big\"}").getJsonNumber("last")
                            .longValue());
                    List<Long> ids = new ArrayList<>();
                    long since = 0;
                    int pages = 0;
                    boolean more = true;
                    while (more && pages < MESSAGES) { // as the page does: follow "more" from the last id
                        JsonObject page = reader.ok("{\"type\":\"history\",\"room\":\"big\",\"since\":" + since
                                + ",\"limit\":500}");
                        pages++;
                        List<JsonObject> messages = page.getJsonArray("messages").getValuesAs(JsonObject.class);
                        assertFalse(messages.isEmpty(), "page " + pages);
                        assertTrue(page.getBoolean("complete"), "page " + pages);
                        long frameBytes = page.toString().getBytes(StandardCharsets.UTF_8).length;
                        assertTrue(frameBytes <= PAGE_BYTES + 1024, "page " + pages + " is " + frameBytes + " bytes");
                        for (JsonObject message : messages) {
                            ids.add(message.getJsonNumber("id").longValue());
                            assertEquals(TEXT + message.getJsonNumber("id").longValue(), message.getString("text"));
                        }
                        since = ids.get(ids.size() - 1);
                        more = page.getBoolean("more");
                    }
                    assertEquals(LongStream.rangeClosed(1, MESSAGES).boxed().toList(), ids);
                    assertTrue(pages >= 8, "2 MB in pages of 256 KiB: " + pages + " pages");
                    // Still open: no 1008, and the room goes on for the reader.
                    writer.ok("{\"type\":\"say\",\"room\":\"big\",\"text\":\"after\"}");
                    assertEquals("after", reader.next("message").getString("text"));
                }
            }
            assertFalse(server.log().contains("event=slow-consumer"), "nobody was closed as a slow consumer");
            server.assertHealthy();
            server.assertEchoWorks();
            server.assertHeapAfterGcBelow(16L << 20); // 2 MB of history on a server that starts near 5 MB
            server.assertStopsCleanlyOnSigterm();
        }
    }
}

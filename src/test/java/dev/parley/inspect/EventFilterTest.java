package dev.parley.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.parley.wire.HttpHeaders;

/** What {@code --frames-only} and {@code --path} let through, event by event, connections interleaved. */
class EventFilterTest {
    private static final Instant T = Instant.parse("2026-12-01T20:00:00Z");
    private final List<InspectEvent> printed = new ArrayList<>();

    private static InspectEvent opened(int connection) {
        return new InspectEvent.Opened(T, connection, "127.0.0.1:5000", "127.0.0.1:8025");
    }

    private static InspectEvent request(int connection, String target) {
        return new InspectEvent.Head(T, connection, Direction.CLIENT_TO_SERVER, "GET " + target + " HTTP/1.1",
                HttpHeaders.of("Host", "127.0.0.1"));
    }

    private static InspectEvent response(int connection) {
        return new InspectEvent.Head(T, connection, Direction.SERVER_TO_CLIENT, "HTTP/1.1 101 Switching Protocols",
                HttpHeaders.EMPTY);
    }

    private static InspectEvent frame(int connection) {
        return new InspectEvent.FrameSeen(T, connection, Direction.CLIENT_TO_SERVER, true, 0, "TEXT", true,
                "01020304", 2, 0, InspectEvent.PreviewKind.TEXT, "hi", 2);
    }

    private static InspectEvent note(int connection, String text) {
        return new InspectEvent.Note(T, connection, Direction.CLIENT_TO_SERVER, text);
    }

    private static InspectEvent closed(int connection) {
        return new InspectEvent.Closed(T, connection, 10, 10);
    }

    private void feed(EventFilter filter, InspectEvent... events) {
        for (InspectEvent event : events) {
            filter.accept(event);
        }
    }

    @Test
    void withoutOptionsEverythingPasses() {
        EventFilter filter = new EventFilter(false, List.of(), printed::add);
        List<InspectEvent> all = List.of(opened(1), request(1, "/"), response(1), frame(1), closed(1));
        all.forEach(filter);
        assertEquals(all, printed);
    }

    @Test
    void framesOnlyDropsEveryHttpHead() {
        EventFilter filter = new EventFilter(true, List.of(), printed::add);
        feed(filter, opened(1), request(1, "/echo"), response(1), frame(1), note(1, "x"), closed(1));
        assertEquals(List.of(opened(1), frame(1), note(1, "x"), closed(1)), printed);
    }

    @Test
    void aPathFilterHoldsEventsBackUntilTheRequestAndDropsOtherPaths() {
        EventFilter filter = new EventFilter(false, List.of("/chat"), printed::add);
        feed(filter, opened(1), opened(2), request(1, "/"), request(2, "/chat?name=alice"), response(1),
                note(1, "not a WebSocket upgrade"), response(2), frame(2), closed(1), frame(2), closed(2));
        assertEquals(List.of(opened(2), request(2, "/chat?name=alice"), response(2), frame(2), frame(2),
                closed(2)), printed);
    }

    @Test
    void bothTogetherGiveTheFramesOfThatPathOnly() {
        EventFilter filter = new EventFilter(true, List.of("/chat", "/echo"), printed::add);
        feed(filter, opened(1), request(1, "/echo"), response(1), frame(1), opened(2), request(2, "/health"),
                response(2), closed(2), closed(1));
        assertEquals(List.of(opened(1), frame(1), closed(1)), printed);
    }

    @Test
    void aConnectionThatClosesBeforeItsRequestMatchesNoPath() {
        EventFilter filter = new EventFilter(false, List.of("/chat"), printed::add);
        feed(filter, opened(1), note(1, "early"), closed(1));
        assertEquals(List.of(), printed);
    }

    @Test
    void aTargetThatIsDownIsAlwaysReported() {
        EventFilter filter = new EventFilter(true, List.of("/chat"), printed::add);
        InspectEvent down = note(1, "cannot connect to 127.0.0.1:1: Connection refused: answered 502");
        feed(filter, down);
        assertEquals(List.of(down), printed);
    }

    @Test
    void thePathIsTheRequestTargetWithoutItsQuery() {
        assertEquals("/chat", EventFilter.path("GET /chat?name=alice HTTP/1.1"));
        assertEquals("/", EventFilter.path("GET / HTTP/1.1"));
        assertEquals("", EventFilter.path("garbage"));
    }
}

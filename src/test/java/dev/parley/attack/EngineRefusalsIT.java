package dev.parley.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * docs/limits.md, "Engine.IO": the per-request refusals met at a high rate from 127.0.0.2, round after round, while a
 * well-behaved Socket.IO chat client on 127.0.0.1 keeps talking. Each round the attacker fills its address's cap of
 * Engine.IO sessions, is refused every further handshake (403 code 4), and spends its sessions in four ways: a POST
 * announcing a body over {@code maxPayload} (413 code 3), a second GET while one is held (400 code 3, the held one
 * gets {@code 1}), an Engine.IO packet that is not one (400 code 3: "parse error"), a Socket.IO packet that is not
 * one (the connection closes, "parse error"). Every refusal is counted in /metrics; the heap after GC stays under
 * the formula below.
 */
class EngineRefusalsIT {
    private static final String ATTACKER = "127.0.0.2";
    private static final int PER_ADDRESS = 64;
    private static final int MAX_PAYLOAD = 100_000;
    private static final int ROUNDS = 3;
    private static final int REFUSED_PER_ROUND = 100;
    private static final String FORBIDDEN = "403 {\"code\":4,\"message\":\"Forbidden\"}";
    private static final String TOO_LARGE = "413 {\"code\":3,\"message\":\"Payload too large\"}";
    private static final String BAD_REQUEST = "400 {\"code\":3,\"message\":\"Bad request\"}";
    private static final String UNKNOWN = "400 {\"code\":1,\"message\":\"Session ID unknown\"}";
    private static final long POOLED = 4 << 20;
    private static final long PER_SESSION = 40 * 1024;

    @Test
    void everyRefusalIsExactAndCountedWhileTheChatGoesOn() throws Exception {
        try (AttackedServer server = AttackedServer.start(AttackedServer.DEFAULT_HEAP_MB, List.of(
                "--max-connections-per-address", Integer.toString(PER_ADDRESS),
                "--socketio-max-payload", Integer.toString(MAX_PAYLOAD)));
             SioChatProbe good = SioChatProbe.connect(server, "good")) {
            good.join("calm");
            long base = server.heapAfterGc();
            long fullest = 0;
            int forbidden = 0;
            int badRequests = 0;
            int tooLarge = 0;
            int sioParseErrors = 0;
            long start = System.nanoTime();
            for (int round = 0; round < ROUNDS; round++) {
                List<EnginePoll> sessions = new ArrayList<>();
                for (int i = 0; i < PER_ADDRESS; i++) {
                    EnginePoll session = new EnginePoll(ATTACKER, server.port());
                    assertEquals(200, session.open().status(), "session " + i + " of the cap");
                    sessions.add(session);
                }
                for (int i = 0; i < REFUSED_PER_ROUND; i++) {
                    assertEquals(FORBIDDEN, new EnginePoll(ATTACKER, server.port()).open().toString());
                    forbidden++;
                }
                fullest = Math.max(fullest, server.heapAfterGc());
                for (int i = 0; i < PER_ADDRESS; i++) {
                    EnginePoll session = sessions.get(i);
                    switch (i % 4) {
                        case 0 -> { // a body announced over maxPayload, never sent
                            try (Socket post = session.send("POST", session.query(), MAX_PAYLOAD + 1)) {
                                assertEquals(TOO_LARGE, EnginePoll.read(post).toString());
                            }
                            tooLarge++;
                        }
                        case 1 -> { // two GETs at once
                            try (Socket held = session.send("GET", session.query(), 0)) {
                                EnginePoll.Reply second = session.get();
                                EnginePoll.Reply first = EnginePoll.read(held);
                                assertEquals(Set.of(BAD_REQUEST, "200 1"), Set.of(first.toString(),
                                        second.toString()), "one GET refused, the other answered with a close");
                            }
                            badRequests++;
                        }
                        case 2 -> { // not an Engine.IO packet
                            assertEquals(BAD_REQUEST, session.post("garbage", "\u0000\u0001").toString());
                            badRequests++;
                        }
                        default -> { // an Engine.IO message that is not a Socket.IO packet
                            assertEquals("200 ok", session.post("4" + "9/chat,[[[").toString());
                            sioParseErrors++;
                            assertEquals("200 1", session.get().toString(), "the close, then nothing");
                        }
                    }
                    assertEquals(UNKNOWN, session.get().toString(), "session " + i + " closed and forgotten");
                    badRequests++;
                }
                good.say("calm", "round " + round);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;

            Scrape scrape = Scrape.of(server);
            assertEquals(forbidden, (long) scrape.value("parley_http_refused_total{status=\"403\"}"), scrape.toString());
            assertEquals(tooLarge, (long) scrape.value("parley_http_refused_total{status=\"413\"}"), scrape.toString());
            assertEquals(badRequests, (long) scrape.value("parley_http_refused_total{status=\"400\"}"),
                    scrape.toString());
            assertEquals(sioParseErrors, (long) scrape.value(
                    "parley_socketio_events_total{event=\"parse_error\",reason=\"none\"}"), scrape.toString());
            assertEquals(200, new EnginePoll(ATTACKER, server.port()).open().status(), "the address has room again");

            server.assertHealthy();
            good.say("calm", "after the attack");
            SioChatProbe.assertChatWorks(server, "newcomer");
            EnginePoll poller = new EnginePoll("127.0.0.1", server.port());
            assertEquals(200, poller.open().status());
            assertEquals("200 ok", poller.post("40/chat,{\"name\":\"poller\"}").toString());
            EnginePoll.Reply connected = poller.get();
            assertTrue(connected.body().startsWith("40/chat,{\"sid\":\""), connected.toString());
            // The formula: the address's cap of sessions, each with its own objects; one body of maxPayload being
            // read (bytes and its string); what the containers pool.
            long bound = base + POOLED + PER_ADDRESS * PER_SESSION + 3L * MAX_PAYLOAD;
            System.out.printf("EngineRefusalsIT: %d refusals in %d ms (%d x 403, %d x 413, %d x 400, %d Socket.IO "
                    + "parse errors); heap after GC at the cap %d KiB (start %d KiB, formula %d KiB)%n",
                    forbidden + tooLarge + badRequests + sioParseErrors, millis, forbidden, tooLarge, badRequests,
                    sioParseErrors, fullest >> 10, base >> 10, bound >> 10);
            assertTrue(fullest <= bound, "heap after GC " + (fullest >> 10) + " KiB, over the formula's "
                    + (bound >> 10) + " KiB");
            server.assertStopsCleanlyOnSigterm();
        }
    }
}

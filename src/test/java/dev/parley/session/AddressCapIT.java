package dev.parley.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

import jakarta.websocket.CloseReason;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.parley.client.RecordingClient;
import dev.parley.deploy.ParleyTarget;
import dev.parley.deploy.TestDeployment;
import dev.parley.metrics.Scrape;
import dev.parley.server.Config;

/**
 * The per-address cap, embedded and in the WAR. It counts sessions by the address the handshake was given
 * ({@link Sessions#REMOTE_ADDRESS}): Tyrus's own embedded, the one {@code war/HandshakeFilter} hands over in the WAR,
 * where JSR 356 tells a configurator none. Without that address there is no cap, so the third session from
 * 127.0.0.1 being closed with 1013 is what shows the address reached the handshake.
 */
@Tag("portable")
class AddressCapIT {
    private static final int CAP = TestDeployment.ADDRESS_CAP.apply(Config.defaults()).limits().maxSessionsPerAddress();
    private static final String CLOSED_1013 = "parley_sessions_closed_total{code=\"1013\"}";
    private static final String CLOSED_1000 = "parley_sessions_closed_total{code=\"1000\"}";

    @RegisterExtension
    static final ParleyTarget server = ParleyTarget.of(TestDeployment.ADDRESS_CAP);

    @Test
    void oneSessionOverTheCapIsClosedWith1013AndAClosedSessionFreesItsPlace() throws Exception {
        double refusedBefore = counter(CLOSED_1013);
        List<RecordingClient> admitted = new ArrayList<>();
        try {
            for (int n = 0; n < CAP; n++) {
                admitted.add(echoing("admitted " + n));
            }
            try (RecordingClient over = RecordingClient.connect(server.ws("/echo"))) {
                CloseReason close = closeOf(over);
                assertEquals(CloseReason.CloseCodes.TRY_AGAIN_LATER, close.getCloseCode(), close.toString());
                assertEquals("too many sessions from this address (" + CAP + ")", close.getReasonPhrase());
            }
            assertEquals(1.0, awaitAbove(CLOSED_1013, refusedBefore) - refusedBefore, "the close with 1013 counted");
            for (RecordingClient client : admitted) {
                assertTrue(client.session().isOpen(), "a session within the cap was closed");
                client.send("still here");
                assertEquals("still here", client.nextText());
            }

            double closedBefore = counter(CLOSED_1000);
            admitted.remove(0).close();
            awaitAbove(CLOSED_1000, closedBefore); // counted in @OnClose, where the address's count is released
            admitted.add(echoing("admitted again"));
            assertTrue(admitted.get(admitted.size() - 1).session().isOpen(), "the session after a close was refused");
            assertEquals(1.0, counter(CLOSED_1013) - refusedBefore, "no other close with 1013");
        } finally {
            for (RecordingClient client : admitted) {
                client.close();
            }
        }
    }

    /** A session on {@code /echo} that echoes {@code text}: admitted, not closed as it opened. */
    private static RecordingClient echoing(String text) throws Exception {
        RecordingClient client = RecordingClient.connect(server.ws("/echo"));
        client.send(text);
        assertEquals(text, client.nextText(), "session " + text);
        return client;
    }

    private static CloseReason closeOf(RecordingClient client) throws Exception {
        try {
            return client.awaitClose();
        } catch (TimeoutException e) {
            return fail("session " + (CAP + 1) + " from 127.0.0.1 stayed open: the handshake had no address to cap");
        }
    }

    private static double counter(String series) throws Exception {
        return Scrape.of(server.http("/metrics")).getOrDefault(series, 0.0);
    }

    /** Polls {@code /metrics} until {@code series} is above {@code floor}; fails after 5 s. */
    private static double awaitAbove(String series, double floor) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        double value = counter(series);
        while (value <= floor && System.nanoTime() < end) {
            Thread.sleep(50); // the poll interval: nothing tells a client when the server has counted
            value = counter(series);
        }
        assertTrue(value > floor, series + " still " + value + " after 5 s");
        return value;
    }
}

package dev.parley.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.parley.client.RecordingClient;

/**
 * Stock Tyrus schedules a timer task for every message received and sent (its idle timeout, even at the default
 * of 0). Parley turns the idle timeout off on every session, so messages cost no timer work.
 */
class TimerChurnIT {
    @RegisterExtension
    static final RunningServer server = new RunningServer();

    @Test
    void messagesScheduleNoTimerTasks() throws Exception {
        try (RecordingClient client = RecordingClient.connect(server.ws("/echo"))) {
            client.send("warm-up");
            assertEquals("warm-up", client.nextText());
            long before = server.server().timerTasksScheduled();
            for (int n = 0; n < 500; n++) {
                client.send("m" + n);
                assertEquals("m" + n, client.nextText());
            }
            // The executor's task count is completed + queued + running: a task scheduled before the window (the
            // connection's own, at its open) that is cancelled and removed during it makes it go down, never up.
            long tasks = server.server().timerTasksScheduled() - before;
            assertTrue(tasks <= 0, tasks + " timer tasks scheduled for 1000 messages");
        }
    }

    @Test
    void handshakesScheduleNoTimerTasks() throws Exception {
        long before = server.server().timerTasksScheduled();
        for (int n = 0; n < 20; n++) {
            try (RecordingClient client = RecordingClient.connect(server.ws("/echo"))) {
                client.send("h" + n);
                assertEquals("h" + n, client.nextText());
            }
        }
        // With Tyrus's default idle timeout (0) each session scheduled a task at its open (docs/performance.md,
        // "Handshake, round 2"); the embedded container's default is off.
        long tasks = server.server().timerTasksScheduled() - before;
        assertTrue(tasks <= 0, tasks + " timer tasks scheduled for 20 handshakes");
    }
}

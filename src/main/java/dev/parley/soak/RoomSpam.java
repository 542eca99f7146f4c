package dev.parley.soak;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.json.JsonObject;

import dev.parley.json.JsonText;
import dev.parley.wire.Frame;
import dev.parley.wire.Opcode;

/**
 * Issue 11, finding 3: room creation from one address. {@value #CONNECTIONS} connections each join a new room and
 * leave it again, 19 requests per second each (under the per-connection rate), so rooms pile up empty. The counts are
 * the acknowledgements and the error codes (e.g. {@code too_many_rooms}) and closes the server answered with.
 */
final class RoomSpam extends Attack {
    static final int CONNECTIONS = 8;
    private static final long EVERY_MILLIS = 1000 / 19 + 1;

    RoomSpam(InetSocketAddress server, InetAddress local) {
        super("room-spam", server, local);
    }

    @Override
    void attack() throws IOException {
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            int worker = i;
            Thread thread = new Thread(() -> spam(worker), "soak-room-spam-" + i);
            thread.setDaemon(true);
            thread.start();
            workers.add(thread);
        }
        for (Thread thread : workers) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                return;
            }
        }
    }

    private void spam(int worker) {
        long room = 0;
        int connection = 0;
        while (running()) {
            Ws ws = websocket("/chat?name=spam" + worker + "-" + connection++, 0, Duration.ofSeconds(5));
            if (ws == null) {
                pause(1000);
                continue;
            }
            count("connections");
            String ended = null;
            while (running() && ended == null) {
                String name = "spam-" + worker + "-" + room++;
                ended = request(ws, "join", name);
                if (ended == null && pause(EVERY_MILLIS)) {
                    ended = request(ws, "leave", name);
                }
                pause(EVERY_MILLIS);
            }
            if (ended != null && running()) {
                count("ended-" + ended);
            }
            forget(ws);
        }
    }

    /** One request and its answer, counted; null while the connection is open, else how it ended. */
    private String request(Ws ws, String type, String room) {
        try {
            ws.client().send(Frame.text(JsonText.write(JsonText.object().add("type", type).add("room", room)
                    .add("ack", "a"))));
            count(type + "s");
            while (true) {
                Frame frame = read(ws.client());
                if (frame.opcode() == Opcode.CLOSE) {
                    return Integer.toString(frame.closeStatus().code());
                }
                if (frame.opcode() != Opcode.TEXT) {
                    continue;
                }
                JsonObject answer = answer(frame.text());
                if ("a".equals(answer.getString("ack", null))) {
                    String code = answer.getString("code", null);
                    count(code == null ? type + "-ok" : type + "-error-" + code);
                    return null;
                }
            }
        } catch (IOException | RuntimeException e) {
            return running() ? "failed-" + e.getClass().getSimpleName() : null;
        }
    }
}

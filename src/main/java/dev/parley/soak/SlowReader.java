package dev.parley.soak;

import java.io.IOException;
import java.io.EOFException;
import java.net.SocketTimeoutException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.parley.json.JsonText;
import dev.parley.wire.Frame;
import dev.parley.wire.Opcode;

/**
 * A client that joins a busy room and stops reading (the case of the outbound queue bound): it sits in {@code room}
 * with a 4 KiB receive window while {@value #SPEAKERS} speakers of its own add {@value #TEXT_BYTES}-byte texts at 19/s
 * each to the room's ordinary traffic. After {@value #HOLD_SECONDS} s it reads what is there, up to the server's close
 * frame, and counts how it ended (1008: closed as a slow consumer); then another one comes.
 */
final class SlowReader extends Attack {
    static final int SPEAKERS = 2;
    static final int TEXT_BYTES = 4000;
    static final int HOLD_SECONDS = 30;
    private static final long SAY_EVERY_MILLIS = 1000 / 19 + 1;

    private final String room;

    SlowReader(InetSocketAddress server, InetAddress local, String room) {
        super("slow-reader", server, local);
        this.room = room;
    }

    @Override
    void attack() throws IOException {
        List<Ws> speakers = new ArrayList<>();
        String text = "busy ".repeat(TEXT_BYTES / 5);
        int generation = 0;
        while (running()) {
            Ws reader = websocket("/chat?name=slowreader" + generation++, 4096, Duration.ofSeconds(10));
            if (reader == null) {
                pause(1000);
                continue;
            }
            count("readers");
            reader.client().send(Frame.text(join()));
            long until = System.nanoTime() + HOLD_SECONDS * 1_000_000_000L;
            while (running() && System.nanoTime() < until) {
                while (running() && speakers.size() < SPEAKERS) {
                    Ws speaker = websocket("/chat?name=busy" + speakers.size(), 0, Duration.ofSeconds(10));
                    if (speaker == null) {
                        pause(1000);
                        continue;
                    }
                    speaker.client().send(Frame.text(join()));
                    speaker.socket().setSoTimeout(1);
                    speakers.add(speaker);
                }
                for (Ws speaker : List.copyOf(speakers)) {
                    try {
                        speaker.client().send(Frame.text(JsonText.write(JsonText.object().add("type", "say")
                                .add("room", room).add("text", text))));
                        count("says");
                        drain(speaker);
                    } catch (IOException e) {
                        count("speaker-lost");
                        speakers.remove(speaker);
                        forget(speaker);
                    }
                }
                pause(SAY_EVERY_MILLIS);
            }
            if (running()) {
                count("ended-" + closeOf(reader.client(), null));
            }
            forget(reader);
        }
        speakers.forEach(this::forget);
    }

    private String join() {
        return JsonText.write(JsonText.object().add("type", "join").add("room", room));
    }

    /** A speaker reads all that has come (the room's traffic) and answers pings, so it is never slow itself. */
    private static void drain(Ws speaker) throws IOException {
        try {
            while (read(speaker.client()).opcode() != Opcode.CLOSE) {
                // the room's traffic: not looked at
            }
            throw new EOFException("closed by the server");
        } catch (SocketTimeoutException e) {
            // all read
        }
    }
}

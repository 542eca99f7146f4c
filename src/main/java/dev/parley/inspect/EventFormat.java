package dev.parley.inspect;

import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import dev.parley.json.JsonObject;
import dev.parley.wire.HttpHeaders;

/** How events are printed: lines for people, or one JSON object per line ({@code --json}). */
public final class EventFormat {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private EventFormat() {
    }

    /**
     * Human-readable lines, e.g. {@code 12:00:01.250 #3 c>s TEXT fin rsv=000 masked key=37fa213d len=5 "hello"}; a
     * handshake gives one line for its start line and one per header field, a violation is marked {@code !!}.
     */
    public static List<String> text(InspectEvent event) {
        String prefix = LocalTime.ofInstant(event.time(), ZoneId.systemDefault()).format(CLOCK)
                + " #" + event.connection() + " ";
        List<String> lines = new ArrayList<>();
        if (event instanceof InspectEvent.Opened opened) {
            lines.add(prefix + "open " + opened.client() + " -> " + opened.target());
        } else if (event instanceof InspectEvent.Head head) {
            lines.add(prefix + head.direction().arrow() + " " + head.startLine());
            for (HttpHeaders.Field field : head.headers().fields()) {
                lines.add(prefix + head.direction().arrow() + "   " + field.name() + ": " + field.value());
            }
        } else if (event instanceof InspectEvent.FrameSeen frame) {
            lines.add(prefix + frame.direction().arrow() + " " + frameText(frame));
        } else if (event instanceof InspectEvent.Violation violation) {
            lines.add(prefix + violation.direction().arrow() + " !! violation " + violation.closeCode() + ": "
                    + violation.reason());
        } else if (event instanceof InspectEvent.Note note) {
            lines.add(prefix + note.direction().arrow() + " -- " + note.text());
        } else if (event instanceof InspectEvent.Closed closed) {
            lines.add(prefix + "closed (" + closed.bytesToServer() + " bytes c>s, " + closed.bytesToClient()
                    + " bytes s>c)");
        }
        return lines;
    }

    private static String frameText(InspectEvent.FrameSeen frame) {
        String rsv = Integer.toBinaryString(8 | frame.rsv()).substring(1);
        StringBuilder line = new StringBuilder(frame.opcode()).append(frame.fin() ? " fin" : " more")
                .append(" rsv=").append(rsv)
                .append(frame.masked() ? " masked key=" + frame.maskKey() : " unmasked")
                .append(" len=").append(frame.length());
        if (frame.lengthBytes() > 0) {
            line.append(" (").append(frame.lengthBytes()).append("-byte length)");
        }
        switch (frame.previewKind()) {
            case TEXT -> line.append(' ').append(JsonObject.quote(frame.preview()));
            case HEX -> line.append(" hex ").append(frame.preview());
            case CLOSE -> line.append(" code ").append(frame.preview());
            case NONE -> { }
        }
        if (!frame.complete()) {
            line.append(" [incomplete: ").append(frame.received()).append(" of ").append(frame.length())
                    .append(" bytes]");
        }
        return line.toString();
    }

    /** One JSON object; {@code event} names the kind: open, head, frame, violation, note, closed. */
    public static String json(InspectEvent event) {
        JsonObject json = new JsonObject().put("time", event.time().toString()).put("conn", event.connection());
        if (event instanceof InspectEvent.Opened opened) {
            json.put("event", "open").put("client", opened.client()).put("target", opened.target());
        } else if (event instanceof InspectEvent.Head head) {
            List<JsonObject> fields = head.headers().fields().stream()
                    .map(field -> new JsonObject().put("name", field.name()).put("value", field.value())).toList();
            json.put("event", "head").put("dir", head.direction().arrow()).put("startLine", head.startLine())
                    .putObjects("headers", fields);
        } else if (event instanceof InspectEvent.FrameSeen frame) {
            json.put("event", "frame").put("dir", frame.direction().arrow()).put("fin", frame.fin())
                    .put("rsv", frame.rsv()).put("opcode", frame.opcode()).put("masked", frame.masked())
                    .put("maskKey", frame.maskKey()).put("length", frame.length())
                    .put("lengthBytes", frame.lengthBytes())
                    .put("previewKind", frame.previewKind().name().toLowerCase(java.util.Locale.ROOT))
                    .put("preview", frame.preview()).put("received", frame.received());
        } else if (event instanceof InspectEvent.Violation violation) {
            json.put("event", "violation").put("dir", violation.direction().arrow())
                    .put("closeCode", violation.closeCode()).put("reason", violation.reason());
        } else if (event instanceof InspectEvent.Note note) {
            json.put("event", "note").put("dir", note.direction().arrow()).put("text", note.text());
        } else if (event instanceof InspectEvent.Closed closed) {
            json.put("event", "closed").put("bytesToServer", closed.bytesToServer())
                    .put("bytesToClient", closed.bytesToClient());
        }
        return json.toString();
    }
}

package dev.parley.inspect;

import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

import dev.parley.json.JsonText;
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
        } else if (event instanceof InspectEvent.Inflated inflated) {
            lines.add(prefix + inflated.direction().arrow() + " inflated len=" + inflated.length()
                    + (inflated.previewKind() == InspectEvent.PreviewKind.TEXT ? " " + JsonText.quote(inflated.preview())
                    : " hex " + inflated.preview()));
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
            case TEXT -> line.append(' ').append(JsonText.quote(frame.preview()));
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

    /** One JSON object; {@code event} names the kind: open, head, frame, inflated, violation, note, closed. */
    public static String json(InspectEvent event) {
        JsonObjectBuilder json = JsonText.object().add("time", event.time().toString()).add("conn", event.connection());
        if (event instanceof InspectEvent.Opened opened) {
            json.add("event", "open").add("client", JsonText.string(opened.client()))
                    .add("target", JsonText.string(opened.target()));
        } else if (event instanceof InspectEvent.Head head) {
            JsonArrayBuilder fields = JsonText.array();
            head.headers().fields().forEach(field -> fields.add(JsonText.object()
                    .add("name", JsonText.string(field.name())).add("value", JsonText.string(field.value()))));
            json.add("event", "head").add("dir", head.direction().arrow())
                    .add("startLine", JsonText.string(head.startLine())).add("headers", fields);
        } else if (event instanceof InspectEvent.FrameSeen frame) {
            json.add("event", "frame").add("dir", frame.direction().arrow()).add("fin", frame.fin())
                    .add("rsv", frame.rsv()).add("opcode", JsonText.string(frame.opcode())).add("masked", frame.masked())
                    .add("maskKey", JsonText.string(frame.maskKey())).add("length", frame.length())
                    .add("lengthBytes", frame.lengthBytes())
                    .add("previewKind", frame.previewKind().name().toLowerCase(java.util.Locale.ROOT))
                    .add("preview", JsonText.string(frame.preview())).add("received", frame.received());
        } else if (event instanceof InspectEvent.Inflated inflated) {
            json.add("event", "inflated").add("dir", inflated.direction().arrow()).add("length", inflated.length())
                    .add("previewKind", inflated.previewKind().name().toLowerCase(java.util.Locale.ROOT))
                    .add("preview", JsonText.string(inflated.preview()));
        } else if (event instanceof InspectEvent.Violation violation) {
            json.add("event", "violation").add("dir", violation.direction().arrow())
                    .add("closeCode", violation.closeCode()).add("reason", JsonText.string(violation.reason()));
        } else if (event instanceof InspectEvent.Note note) {
            json.add("event", "note").add("dir", note.direction().arrow()).add("text", JsonText.string(note.text()));
        } else if (event instanceof InspectEvent.Closed closed) {
            json.add("event", "closed").add("bytesToServer", closed.bytesToServer())
                    .add("bytesToClient", closed.bytesToClient());
        }
        return JsonText.write(json);
    }
}

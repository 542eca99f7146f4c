package dev.parley.soak;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;

import jakarta.json.JsonObject;

import dev.parley.json.JsonText;
import dev.parley.wire.Frame;
import dev.parley.wire.Opcode;

/**
 * Issue 11, finding 4: JSON that breaks parsers, on {@code /chat}: very deep nesting and very long or huge numbers,
 * each under the message cap. Every request is followed by a probe ({@code unknown_type} with an ack) so an answer,
 * or its absence, can be told apart: the counts are, per payload, the error code the server answered with,
 * {@code no-answer} (only the probe came back) or the close code. One request every {@value #EVERY_MILLIS} ms.
 */
final class DeepJson extends Attack {
    static final long EVERY_MILLIS = 250;
    private static final String PROBE = JsonText.write(JsonText.object().add("type", "probe").add("ack", "probe"));

    /** Written as text on purpose: no JSON library writes these (and a parser is what they are aimed at). */
    private static final Map<String, String> PAYLOADS = Map.of(
            "deep-array", "[".repeat(200_000) + "]".repeat(200_000),
            "deep-object", "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000),
            "long-number", "{\"type\":\"history\",\"room\":\"soak-1\",\"since\":" + "9".repeat(400_000) + "}",
            "huge-exponent", "{\"type\":\"history\",\"room\":\"soak-1\",\"since\":1e999999999}",
            "wrapping-number", "{\"type\":\"history\",\"room\":\"soak-1\",\"since\":18446744073709551621}");

    DeepJson(InetSocketAddress server, InetAddress local) {
        super("deep-json", server, local);
    }

    @Override
    void attack() throws IOException {
        int connection = 0;
        while (running()) {
            Ws ws = websocket("/chat?name=deepjson" + connection++, 0, Duration.ofSeconds(5));
            if (ws == null) {
                pause(1000);
                continue;
            }
            count("connections");
            String closed = null;
            while (running() && closed == null) {
                for (Map.Entry<String, String> payload : PAYLOADS.entrySet()) {
                    closed = probe(ws, payload.getKey(), payload.getValue());
                    if (closed != null || !pause(EVERY_MILLIS)) {
                        break;
                    }
                }
            }
            forget(ws);
        }
    }

    /** Sends one payload and the probe; counts the answer. Returns how the connection ended, or null if it is open. */
    private String probe(Ws ws, String name, String payload) {
        String answer = "no-answer";
        try {
            ws.client().send(Frame.text(payload));
            ws.client().send(Frame.text(PROBE));
            while (true) {
                Frame frame = read(ws.client());
                if (frame.opcode() == Opcode.CLOSE) {
                    String code = Integer.toString(frame.closeStatus().code());
                    count(name + "-closed-" + code);
                    return code;
                }
                if (frame.opcode() != Opcode.TEXT) {
                    continue;
                }
                JsonObject event = answer(frame.text());
                if ("probe".equals(event.getString("ack", null))) {
                    count(name + "-" + answer);
                    return null;
                }
                String code = event.getString("code", null);
                if ("error".equals(event.getString("type", null)) && code != null) {
                    answer = "error-" + code;
                }
            }
        } catch (SocketTimeoutException e) {
            count(name + "-timeout");
            return "timeout";
        } catch (IOException | RuntimeException e) {
            count(name + "-" + (running() ? "failed-" + e.getClass().getSimpleName() : "stopped"));
            return "failed";
        }
    }
}

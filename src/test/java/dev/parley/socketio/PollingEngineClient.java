package dev.parley.socketio;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * An Engine.IO v4 client over HTTP long-polling on the JDK's HttpClient, for the ITs: a handshake, POSTs of
 * {@code \x1e}-joined packets, and GETs whose payload comes back split into packets ({@code b...} is base64 binary).
 */
final class PollingEngineClient {
    static final String SEPARATOR = "\u001e";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(WsEngineClient.WAIT).build();
    private final URI base;
    private String sid;

    PollingEngineClient(URI base) {
        this.base = base;
    }

    /** The handshake GET; returns the sid. */
    String open() throws Exception {
        String body = get("?EIO=4&transport=polling");
        if (!body.startsWith("0{")) {
            throw new AssertionError("not an open packet: " + body);
        }
        sid = SocketIoJson.parse(body.substring(1)).asJsonObject().getString("sid");
        return sid;
    }

    String sid() {
        return sid;
    }

    /** POSTs {@code packets} joined by the record separator; the status. */
    int post(String... packets) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "?EIO=4&transport=polling&sid=" + sid))
                .timeout(WsEngineClient.WAIT)
                .header("Content-Type", "text/plain;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(String.join(SEPARATOR, packets), StandardCharsets.UTF_8))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** One GET: the packets it returned. */
    List<String> poll() throws Exception {
        return List.of(get("?EIO=4&transport=polling&sid=" + sid).split(SEPARATOR));
    }

    /** GETs until {@code count} packets other than pings have come (pings answered), within the wait. */
    List<String> packets(int count) throws Exception {
        List<String> packets = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + WsEngineClient.WAIT.toNanos();
        while (packets.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + packets + " within " + WsEngineClient.WAIT);
            }
            for (String packet : poll()) {
                if (packet.equals("2")) {
                    post("3");
                } else {
                    packets.add(packet);
                }
            }
        }
        return packets;
    }

    private String get(String query) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + query)).timeout(WsEngineClient.WAIT).GET()
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + query + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }
}

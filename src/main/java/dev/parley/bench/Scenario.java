package dev.parley.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One load shape. The presets follow the suite design in docs/performance.md; every field can be overridden from the
 * command line.
 *
 * @param name        the preset's name, reported in results
 * @param kind        what the connections do
 * @param connections connections opened (for CONNECT: handshakes in progress at once)
 * @param inFlight    messages (ECHO) or broadcasts (BROADCAST) outstanding at once, per connection or in total
 * @param size        payload bytes of each message
 * @param rate        messages per second in total (RATE; CHAT: 0 = as fast as the answers allow)
 * @param rooms       rooms the connections are spread over (CHAT only; 1 for the others)
 */
record Scenario(String name, Kind kind, int connections, int inFlight, int size, double rate, int rooms) {

    enum Kind {
        /** Closed loop on the echo path: each answer triggers the next send on its connection. */
        ECHO("msg"),
        /** Broadcasts with a send timestamp from rotating senders; the next starts when all deliveries arrived. */
        BROADCAST("deliveries"),
        /** Open loop on the echo path at a fixed total rate; latency from the intended send time. */
        RATE("msg"),
        /** Handshake, close frame, wait for the server's close, reset; over and over. */
        CONNECT("handshakes"),
        /** Open many connections, hold them, measure server memory, prove each alive with one echo. */
        IDLE("msg"),
        /**
         * The /chat protocol: members spread over rooms (and over several servers' URLs), rotating senders {@code say}
         * at a rate or with a bounded number unanswered; latency and order checked at every receiver.
         */
        CHAT("deliveries"),
        /**
         * Many connections from several source addresses, held, then one broadcast at a time to all of them: the
         * handshake rate while they open, memory per connection, the time to the last delivery, none missing.
         */
        SCALE("deliveries");

        /** What one op is, in the results and the progress lines ({@code msg/s}, {@code deliveries/s}). */
        final String unit;

        Kind(String unit) {
            this.unit = unit;
        }
    }

    static final Map<String, Scenario> PRESETS = presets();

    private static Map<String, Scenario> presets() {
        Map<String, Scenario> p = new LinkedHashMap<>();
        for (Scenario s : List.of(
                new Scenario("rtt1", Kind.ECHO, 1, 1, 32, 0, 1),
                new Scenario("rtt100", Kind.ECHO, 100, 1, 32, 0, 1),
                new Scenario("tput32", Kind.ECHO, 100, 8, 32, 0, 1),
                new Scenario("tput64k", Kind.ECHO, 10, 2, 64 * 1024, 0, 1),
                new Scenario("bcast1000", Kind.BROADCAST, 1000, 1, 32, 0, 1),
                new Scenario("connect", Kind.CONNECT, 32, 1, 32, 0, 1),
                new Scenario("idle", Kind.IDLE, 10_000, 1, 32, 0, 1),
                new Scenario("rate", Kind.RATE, 1000, 1, 32, 20_000, 1),
                new Scenario("chat", Kind.CHAT, 100, 8, ChatText.MIN_LENGTH, 0, 1),
                new Scenario("scale", Kind.SCALE, 100_000, 1, 32, 0, 1))) {
            p.put(s.name(), s);
        }
        return java.util.Collections.unmodifiableMap(p);
    }

    Scenario {
        if (connections < 1 || inFlight < 1 || size < 0) {
            throw new IllegalArgumentException("connections and in-flight must be >= 1, size >= 0");
        }
        if ((kind == Kind.BROADCAST || kind == Kind.SCALE) && size < Timestamps.LENGTH) {
            throw new IllegalArgumentException("a broadcast payload carries a 16-byte timestamp: size >= 16");
        }
        if (kind == Kind.RATE && !(rate > 0)) {
            throw new IllegalArgumentException("rate must be > 0");
        }
        if (kind == Kind.CHAT && size < ChatText.MIN_LENGTH) {
            throw new IllegalArgumentException("a chat text carries its send time and sequence: size >= "
                    + ChatText.MIN_LENGTH);
        }
        if (kind == Kind.CHAT && !(rate >= 0)) {
            throw new IllegalArgumentException("rate must be >= 0 (0: as fast as the answers allow)");
        }
        if (rooms < 1 || rooms > connections) {
            throw new IllegalArgumentException("rooms must be 1 to the number of connections");
        }
    }

    Scenario withConnections(int n) {
        return new Scenario(name, kind, n, inFlight, size, rate, rooms);
    }

    Scenario withInFlight(int n) {
        return new Scenario(name, kind, connections, n, size, rate, rooms);
    }

    Scenario withSize(int n) {
        return new Scenario(name, kind, connections, inFlight, n, rate, rooms);
    }

    Scenario withRate(double r) {
        return new Scenario(name, kind, connections, inFlight, size, r, rooms);
    }

    Scenario withRooms(int n) {
        return new Scenario(name, kind, connections, inFlight, size, rate, n);
    }
}

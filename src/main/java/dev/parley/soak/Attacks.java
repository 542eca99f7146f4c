package dev.parley.soak;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The attacks a soak runs next to its clients, each on its own thread and from its own loopback address. */
final class Attacks {
    static final List<String> NAMES = List.of("ping-flood", "slow-reader", "slowloris", "deep-json", "room-spam");

    private final List<Attack> attacks = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    /**
     * Starts the named attacks; the i-th comes from {@code first} + i.
     *
     * @throws IllegalArgumentException for a name not in {@link #NAMES}
     */
    static Attacks start(List<String> names, InetSocketAddress server, InetAddress first, String busyRoom) {
        Attacks all = new Attacks();
        for (int i = 0; i < names.size(); i++) {
            InetAddress local = plus(first, i);
            Attack attack = switch (names.get(i)) {
                case "ping-flood" -> new PingFlood(server, local);
                case "slow-reader" -> new SlowReader(server, local, busyRoom);
                case "slowloris" -> new Slowloris(server, local);
                case "deep-json" -> new DeepJson(server, local);
                case "room-spam" -> new RoomSpam(server, local);
                default -> throw new IllegalArgumentException("unknown attack '" + names.get(i) + "'; known: "
                        + String.join(", ", NAMES));
            };
            all.attacks.add(attack);
        }
        for (Attack attack : all.attacks) {
            Thread thread = new Thread(attack, "soak-" + attack.name());
            thread.setDaemon(true);
            thread.start();
            all.threads.add(thread);
        }
        return all;
    }

    /** Stops every attack and waits for its thread, at most {@code wait} each. */
    void stop(Duration wait) {
        attacks.forEach(Attack::stop);
        for (Thread thread : threads) {
            try {
                thread.join(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    Map<String, Map<String, Long>> counts() {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        attacks.forEach(a -> out.put(a.name(), a.counts()));
        return out;
    }

    static InetAddress plus(InetAddress first, int n) {
        byte[] b = first.getAddress();
        int a = ((b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF)) + n;
        try {
            return InetAddress.getByAddress(new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8),
                    (byte) a});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }
}

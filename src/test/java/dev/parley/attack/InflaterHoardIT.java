package dev.parley.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.parley.wire.CloseCode;
import dev.parley.wire.Opcode;

/**
 * Many connections each stopping in the middle of a compressed message, so that each holds a zlib inflater (native
 * memory, charged as 48 KiB to the inbound budget while held), against {@code serve --deflate on} in a process of
 * its own with a 128 MiB heap, from 127.0.30.1–4. The connection whose read would pass the inbound budget gets
 * 1013; those that fit hold no more than the budget; a bystander's echo still works meanwhile; the process's RSS
 * grows by less than the bound docs/limits.md states; and once the attackers go, the budget is given back whole.
 */
class InflaterHoardIT {
    private static final Pattern RSS_BOUND = Pattern.compile(
            "inflater hoard: the server's RSS grows by at most (\\d+) MiB");
    private static final long INFLATER_BYTES = 48 * 1024;
    /** What each connection holds uncharged ({@code MemoryBudget.ALLOWANCE_BYTES}). */
    private static final long ALLOWANCE = dev.parley.session.MemoryBudget.ALLOWANCE_BYTES;
    private static final int ADDRESSES = 4;
    private static final int PER_ADDRESS = 60;
    private static final String EXCEEDED = "parley_memory_budget_exceeded_total{budget=\"inbound\"}";
    private static final String USED = "parley_inbound_budget_used_bytes";

    @Test
    void halfCompressedMessagesAre1013AtTheInboundBudget() throws Exception {
        try (AttackedServer server = AttackedServer.start("--deflate", "on")) {
            long capacity = (long) Scrape.of(server).value("parley_inbound_budget_bytes");
            assertTrue(capacity > 0, "no inbound budget in /metrics");
            long rssBefore = rss(server.pid());
            byte[] part = RawWebSocket.deflated("a message that never ends ".repeat(8).getBytes(StandardCharsets.UTF_8));
            List<RawWebSocket> attackers = new ArrayList<>();
            try {
                for (int i = 0; i < ADDRESSES * PER_ADDRESS; i++) {
                    RawWebSocket attacker = RawWebSocket.open("127.0.30." + (1 + i / PER_ADDRESS), server.port(),
                            "/echo", true, new byte[0]);
                    attackers.add(attacker);
                    assertTrue(attacker.response.headers().first("Sec-WebSocket-Extensions").isPresent());
                    attacker.send(RawWebSocket.frame(false, true, Opcode.TEXT, part));
                }
                int total = attackers.size();
                // Each holds at least an inflater, all but its allowance charged: only so many can fit.
                long mustRefuse = total - capacity / (INFLATER_BYTES - ALLOWANCE);
                assertTrue(mustRefuse > 0, "the attack is too small for a budget of " + capacity);
                long refused = awaitRefusals(server, attackers, mustRefuse);
                long held = total - refused;
                long used = (long) Scrape.of(server).value(USED);
                long rssDuring = rss(server.pid());
                System.out.printf("inflater hoard: %d connections, %d held, %d refused with 1013; inbound budget "
                                + "%d of %d bytes; RSS %d MiB before, %d MiB while held (+%d MiB)%n", total, held,
                        refused, used, capacity, rssBefore >> 20, rssDuring >> 20, (rssDuring - rssBefore) >> 20);
                assertTrue(held * (INFLATER_BYTES - ALLOWANCE) <= used && used <= capacity,
                        held + " connections hold an inflater each, but the budget counts " + used + " of " + capacity);
                assertTrue(held >= capacity / (64 * 1024), "only " + held + " connections fit in " + capacity);
                assertTrue(rssDuring - rssBefore <= documentedMiB(RSS_BOUND) << 20,
                        "RSS grew by " + ((rssDuring - rssBefore) >> 20) + " MiB");
                server.assertHealthy();
                server.assertEchoWorks(); // small frames still fit in what is left of the budget
                Logs.await(server, "event=memory-budget budget=inbound", Duration.ofSeconds(5));
            } finally {
                for (RawWebSocket attacker : attackers) {
                    attacker.close();
                }
            }
            awaitBudgetGivenBack(server);
            try (RawWebSocket after = RawWebSocket.open("127.0.30.9", server.port(), "/echo", true, new byte[0])) {
                after.send(RawWebSocket.frame(true, true, Opcode.TEXT, RawWebSocket.deflated("whole".getBytes(
                        StandardCharsets.UTF_8))));
                assertEquals("whole", after.readMessage().text());
            }
            server.assertStopsCleanlyOnSigterm();
        }
    }

    /**
     * Waits (bounded) until the server has refused at least {@code atLeast} connections and every refusal's close frame
     * has arrived; checks that each close is 1013 and that nothing else came, and returns how many there were.
     */
    private static long awaitRefusals(AttackedServer server, List<RawWebSocket> attackers, long atLeast)
            throws Exception {
        long end = System.nanoTime() + 30_000_000_000L;
        java.util.Map<RawWebSocket, Integer> closes = new java.util.IdentityHashMap<>();
        List<String> unexpected = new ArrayList<>();
        while (true) {
            for (RawWebSocket attacker : attackers) {
                if (!closes.containsKey(attacker)) {
                    attacker.closeIfSent(frame -> {
                        if (frame.opcode() != Opcode.PING) { // the server pings connections it has not heard from
                            unexpected.add(frame.opcode() + " " + frame.payload().size());
                        }
                    })
                            .ifPresent(code -> closes.put(attacker, code));
                }
            }
            assertEquals(List.of(), unexpected, "frames other than a close came to attackers");
            long counted = (long) Scrape.of(server).value(EXCEEDED);
            if (counted >= atLeast && closes.size() == counted) {
                closes.values().forEach(code -> assertEquals(CloseCode.TRY_AGAIN_LATER.code(), code));
                return counted;
            }
            assertTrue(System.nanoTime() < end, counted + " refusals counted, " + closes.size() + " close frames "
                    + "arrived (" + closes.values() + "), at least " + atLeast + " expected:\n" + server.log());
            Thread.sleep(100); // nothing tells the attacker when the server has read every connection
        }
    }

    private static void awaitBudgetGivenBack(AttackedServer server) throws Exception {
        long end = System.nanoTime() + 20_000_000_000L;
        long used;
        while ((used = (long) Scrape.of(server).value(USED)) >= INFLATER_BYTES) {
            assertTrue(System.nanoTime() < end, "the inbound budget still counts " + used
                    + " bytes after every attacker closed");
            Thread.sleep(100); // closes are handled on the server's threads
        }
    }

    /** The process's resident set (VmRSS of /proc/pid/status). */
    static long rss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS for " + pid);
    }

    static long documentedMiB(Pattern bound) throws IOException {
        Matcher found = bound.matcher(Files.readString(Path.of("docs", "limits.md")));
        assertTrue(found.find(), "docs/limits.md states no " + bound);
        return Long.parseLong(found.group(1));
    }
}

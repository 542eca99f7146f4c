package dev.parley.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The load generator: runs one scenario at a time, each on a fresh {@link Run}, {@link Driver} and {@link Workload}.
 *
 * <p>Each run: open the connections (256 handshakes at a time), load for the warm-up, sample {@code /proc}, load for
 * the measured window, sample again, stop sending, wait up to 2 s for answers still due, close every connection with a
 * close frame (then a reset, so no client port lingers in TIME_WAIT). Every loop is bounded by the window and by the
 * stall timeout; a run never waits on the server forever.
 *
 * <p>Not thread-safe: one runner per thread.
 */
final class LoadRunner {

    /**
     * Where and how long. {@code host} and {@code port}: the server of every workload but chat, which spreads its
     * members over {@code nodes} (the first is host:port); {@code messages}: the chat's window ends after that many
     * says (0: after {@code duration}). {@code serverPids}: the server's processes (several nodes), whose CPU and RSS
     * are summed; {@code redisPid}: a Redis server whose CPU is reported beside it, or 0. {@code sources}: the
     * local addresses every connection is bound to in turn ({@link SourceAddresses#NONE}: the kernel's choice);
     * {@code broadcasts}: how many the scale workload sends, one after the other; {@code room}: the scale workload
     * joins its connections to this {@code /chat} room and waits for one message there instead ({@link RoomScaleLoad}),
     * or null; {@code token}: a JWT every connection sends in the {@code parley_token} cookie, or null.
     */
    record Settings(String host, int port, String echoPath, String broadcastPath, Duration warmup, Duration duration,
                    List<Long> serverPids, long redisPid, boolean jvmServer, Duration idleHold, Duration stallTimeout,
                    PrintStream progress, List<URI> nodes, String chatPath, long messages, boolean deflate,
                    SourceAddresses sources, int broadcasts, String room, String token) {
        /** Without permessage-deflate (--deflate), from the kernel's source address, one broadcast. */
        Settings(String host, int port, String echoPath, String broadcastPath, Duration warmup, Duration duration,
                List<Long> serverPids, long redisPid, boolean jvmServer, Duration idleHold, Duration stallTimeout,
                PrintStream progress, List<URI> nodes, String chatPath, long messages) {
            this(host, port, echoPath, broadcastPath, warmup, duration, serverPids, redisPid, jvmServer, idleHold,
                    stallTimeout, progress, nodes, chatPath, messages, false, SourceAddresses.NONE, 1, null, null);
        }

        /** The first server process (the only one but in a chat run over several nodes), or 0. */
        long serverPid() {
            return serverPids.isEmpty() ? 0 : serverPids.get(0);
        }

        ProcStats.Sample sample() {
            return ProcStats.Sample.take(serverPids, redisPid);
        }
    }

    private final Settings settings;
    private WireBytes lastWire = WireBytes.NONE;

    LoadRunner(Settings settings) {
        this.settings = settings;
    }

    /** Runs one scenario; whatever it leaves connected is reset, however it ends. */
    RunResult run(Scenario scenario) throws IOException {
        Run run = new Run(settings, scenario);
        try (Driver driver = new Driver(run)) {
            Workload workload = Workload.of(run, driver);
            driver.reportTo(workload);
            try {
                return workload.run();
            } finally {
                lastWire = driver.wireBytes();
            }
        }
    }

    /** The data frames' bytes on the wire of the last run, both ways (--deflate's figures). */
    WireBytes lastWire() {
        return lastWire;
    }
}

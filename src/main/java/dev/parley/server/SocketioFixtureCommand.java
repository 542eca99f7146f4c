package dev.parley.server;

import java.net.BindException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import dev.parley.engineio.EngineConfig;
import dev.parley.engineio.EngineHandlers;
import dev.parley.engineio.EngineMount;
import dev.parley.settings.Setting;
import dev.parley.settings.Settings;
import dev.parley.socketio.SuiteFixture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code parley socketio-fixture}: the embedded server as the upstream protocol test suites expect their server
 * (engine.io-protocol and socket.io-protocol {@code test-suite/}): Engine.IO with an echo at {@code /engine.io/},
 * {@link SuiteFixture} at {@code /socket.io/} (connect timeout 1.5 s), both with ping interval 300 ms, ping timeout
 * 200 ms, maxPayload 1,000,000 and any origin ({@code *}: the suites' browser page runs elsewhere);
 * {@code --ping-interval}, {@code --ping-timeout} and {@code --connect-timeout} change the timing
 * (bench/socketio.sh: the reference server's defaults). The server's other limits come from the {@code PARLEY_*}
 * environment variables as {@code serve} reads them (bench/socketio.sh lifts the per-address cap and the frame
 * budgets that way), else their defaults. Not for production.
 */
@Command(name = "socketio-fixture", mixinStandardHelpOptions = true,
        description = "Serve the server the engine.io-protocol and socket.io-protocol test suites expect")
public final class SocketioFixtureCommand implements Callable<Integer> {
    /** The suites' timing and payload bound. */
    public static final EngineConfig SUITE =
            EngineConfig.DEFAULTS.withPing(Duration.ofMillis(300), Duration.ofMillis(200)).withMaxPayload(1_000_000);

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--port", defaultValue = "3000", description = "TCP port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--ping-interval", defaultValue = "300",
            description = "Engine.IO ping interval, ms (default: the suites' ${DEFAULT-VALUE})")
    long pingInterval;

    @Option(names = "--ping-timeout", defaultValue = "200",
            description = "Engine.IO ping timeout, ms (default: the suites' ${DEFAULT-VALUE})")
    long pingTimeout;

    @Option(names = "--connect-timeout", defaultValue = "1500",
            description = "Socket.IO connect timeout, ms (default: ${DEFAULT-VALUE}, SuiteFixture.CONNECT_TIMEOUT)")
    long connectTimeout;

    /** The fixture's Engine.IO servers: the echo at {@code /engine.io/}, {@link SuiteFixture} at {@code /socket.io/}. */
    public static List<EngineMount> mounts() {
        return mounts((timer, metrics) -> SuiteFixture.create(timer));
    }

    /** The fixture's Engine.IO servers, with what {@code socketIo} makes at {@code /socket.io/}. */
    public static List<EngineMount> mounts(EngineMount.Top socketIo) {
        return mounts(SUITE, socketIo);
    }

    private static List<EngineMount> mounts(EngineConfig engine, EngineMount.Top socketIo) {
        return List.of(new EngineMount("/engine.io/", engine, EngineHandlers.echo(), true),
                new EngineMount(EngineMount.SOCKET_IO, engine, socketIo, true));
    }

    @Override
    public Integer call() throws Exception {
        ParleyServer server;
        try {
            EngineConfig engine = SUITE.withPing(Duration.ofMillis(pingInterval), Duration.ofMillis(pingTimeout));
            Duration connect = Duration.ofMillis(connectTimeout);
            server = ParleyServer.start(environment().withHost(host).withPort(port),
                    mounts(engine, (timer, metrics) -> SuiteFixture.create(timer, connect)));
        } catch (BindException e) {
            System.err.println("parley: cannot listen on " + host + ":" + port + ": " + e.getMessage());
            return 1;
        }
        System.out.println("Parley socketio-fixture serving " + server.uri("http", "/engine.io/") + " and "
                + server.uri("http", EngineMount.SOCKET_IO) + "  (Ctrl-C to stop)");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
        }, "parley-shutdown"));
        stopped.await();
        return 0;
    }

    /** The limits the {@code PARLEY_*} environment variables set, the declared defaults for the rest. */
    private static Config environment() {
        return Config.from(Settings.read(setting -> System.getenv(setting.environmentVariable()),
                Setting::environmentVariable), Tuning.ALL);
    }
}

package dev.parley.engineio;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import dev.parley.server.Config;
import dev.parley.server.ParleyServer;

/** Embedded servers for the Engine.IO ITs: the upstream suite's echo at {@code /engine.io/}, any origin. */
final class EngineServers {
    /** The suite's timing: ping every 300 ms, 200 ms to answer. */
    static final EngineConfig SUITE = EngineConfig.DEFAULTS.withPing(Duration.ofMillis(300), Duration.ofMillis(200));
    static final String PATH = "/engine.io/";

    private EngineServers() {
    }

    static ParleyServer echo(EngineConfig config) throws Exception {
        return ParleyServer.start(Config.defaults().withPort(0),
                List.of(new EngineMount(PATH, config, EngineHandlers.echo(), true)));
    }

    /** Waits (polling, with a deadline) until the session {@code sid} holds a GET. */
    static void awaitHeld(ParleyServer server, String sid) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            EngineSession session = server.engines().get(0).session(sid);
            if (session != null && session.holdsGet()) {
                return;
            }
            Thread.onSpinWait();
            Thread.sleep(1); // polling a condition with a deadline, not a wait for time to pass
        }
        throw new AssertionError("the GET of " + sid + " was not held within 20 s");
    }

    static URI http(ParleyServer server) {
        return server.uri("http", PATH);
    }

    static URI ws(ParleyServer server, String query) {
        return URI.create(server.uri("ws", PATH) + "?" + query);
    }
}

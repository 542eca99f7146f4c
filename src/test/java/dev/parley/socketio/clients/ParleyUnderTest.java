package dev.parley.socketio.clients;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.parley.engineio.EngineMount;
import dev.parley.engineio.Scheduler;
import dev.parley.server.Config;
import dev.parley.server.ParleyServer;
import dev.parley.socketio.SocketIoServer;

/**
 * Parley on the embedded server for the official clients, running for a test class: Socket.IO at {@code /socket.io/}
 * with {@link ContractFixture} on {@code /} and {@code /second}, and the chat's {@code /chat} namespace
 * ({@code dev.parley.chat.SocketIoChat}, added by the application). A page origin, if given, is allowed through the
 * server's allowed-origins setting (the browser test's CORS).
 */
final class ParleyUnderTest implements dev.parley.socketio.clients.SocketIoServer, BeforeAllCallback,
        AfterAllCallback {
    private final Set<String> allowedOrigins;
    private ScheduledExecutorService timer;
    private ParleyServer server;

    private ParleyUnderTest(Set<String> allowedOrigins) {
        this.allowedOrigins = allowedOrigins;
    }

    static ParleyUnderTest serving() {
        return new ParleyUnderTest(Set.of());
    }

    static ParleyUnderTest allowing(String pageOrigin) {
        return new ParleyUnderTest(Set.of(pageOrigin));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        timer = Executors.newSingleThreadScheduledExecutor();
        SocketIoServer sio = ContractFixture.install(new SocketIoServer(Scheduler.of(timer)));
        Config config = Config.defaults().withHost("127.0.0.1").withPort(0);
        config = config.withChat(config.chat().withAllowedOrigins(allowedOrigins));
        server = ParleyServer.start(config, List.of(EngineMount.socketIo(config.socketio(), sio)));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (server != null) {
            server.stop();
        }
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    @Override
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    @Override
    public String name() {
        return "parley";
    }
}

package dev.parley.socketio.clients;

import java.net.URI;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.parley.server.Config;
import dev.parley.server.ParleyServer;

/**
 * Parley on the embedded server for the official clients, running for a test class: Socket.IO at {@code /socket.io/}
 * with {@link ContractFixture} on {@code /} and {@code /second} (named by the setting {@code socketio-namespaces}, as
 * an application names its own), and the chat's {@code /chat} namespace ({@code dev.parley.chat.SocketIoChat}). The
 * page origin is allowed through the server's allowed-origins setting (the browser test's CORS).
 */
final class ParleyUnderTest implements SocketIoServer, BeforeAllCallback, AfterAllCallback {
    private final Set<String> allowedOrigins;
    private ParleyServer server;

    private ParleyUnderTest(Set<String> allowedOrigins) {
        this.allowedOrigins = allowedOrigins;
    }

    static ParleyUnderTest allowing(String pageOrigin) {
        return new ParleyUnderTest(Set.of(pageOrigin));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Config config = Config.defaults().withHost("127.0.0.1").withPort(0)
                .withSocketioNamespaces(List.of(ContractFixture.class.getName()));
        server = ParleyServer.start(config.withChat(config.chat().withAllowedOrigins(allowedOrigins)));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.stop();
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

package dev.parley.server;

import java.net.URI;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Parley server on a free loopback port for one test class: started before its first test, stopped after its
 * last. {@code @RegisterExtension static final RunningServer server = new RunningServer();}
 */
public final class RunningServer implements BeforeAllCallback, AfterAllCallback {
    private final UnaryOperator<Config> configure;
    private ParleyServer server;

    public RunningServer() {
        this(UnaryOperator.identity());
    }

    /** A server whose config is the test default (loopback, port 0) changed by {@code configure}. */
    public RunningServer(UnaryOperator<Config> configure) {
        this.configure = configure;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = ParleyServer.start(configure.apply(Config.defaults().withPort(0)));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.stop();
    }

    /** {@code ws://127.0.0.1:port/path}. */
    public URI ws(String path) {
        return server.uri("ws", path);
    }

    /** {@code http://127.0.0.1:port/path}. */
    public URI http(String path) {
        return server.uri("http", path);
    }

    public ParleyServer server() {
        return server;
    }
}

package dev.parley.server;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private final boolean tls;
    private Config config;
    private ParleyServer server;
    private Path keystoreDir;
    private TestKeystore keystore;

    public RunningServer() {
        this(UnaryOperator.identity());
    }

    /** A server whose config is the test default (loopback, port 0) changed by {@code configure}. */
    public RunningServer(UnaryOperator<Config> configure) {
        this(configure, false);
    }

    private RunningServer(UnaryOperator<Config> configure, boolean tls) {
        this.configure = configure;
        this.tls = tls;
    }

    /** A server on https and wss only, with a keystore generated for it in a temporary directory. */
    public static RunningServer withTls() {
        return new RunningServer(UnaryOperator.identity(), true);
    }

    /** {@link #withTls()} with the test default config changed by {@code configure} as well. */
    public static RunningServer withTls(UnaryOperator<Config> configure) {
        return new RunningServer(configure, true);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        config = configure.apply(Config.defaults().withPort(0));
        if (tls) {
            keystoreDir = Files.createTempDirectory("parley-tls");
            keystore = TestKeystore.generate(keystoreDir);
            config = config.withTls(keystore.tls());
        }
        server = ParleyServer.start(config);
    }

    /**
     * Stops the server and starts a new one with the same configuration on the same port, as a restarted process
     * would: clients reconnect to the same address and find a server that remembers nothing.
     */
    public void restart() throws Exception {
        int port = server.port();
        server.stop();
        server = ParleyServer.start(config.withPort(port));
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        server.stop();
        if (keystore != null) {
            keystore.delete();
            Files.deleteIfExists(keystoreDir);
        }
    }

    /** {@code ws://127.0.0.1:port/path} ({@code wss://} on a {@link #withTls()} server). */
    public URI ws(String path) {
        return server.uri("ws", path);
    }

    /** The keystore of a {@link #withTls()} server: what its clients must trust. */
    public TestKeystore keystore() {
        return keystore;
    }

    /** {@code http://127.0.0.1:port/path} ({@code https://} on a {@link #withTls()} server). */
    public URI http(String path) {
        return server.uri("http", path);
    }

    public ParleyServer server() {
        return server;
    }

    /**
     * Cuts this server off Redis as a crash would (its process gone): its Redis link closes and nothing else happens
     * (no eviction, no leaves; its heartbeats stop reaching Redis). The server stays up for {@link #afterAll}.
     */
    public void cutRedis() {
        server.app().redis().orElseThrow().close();
    }
}

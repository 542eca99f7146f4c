package dev.parley.deploy;

import java.net.URI;
import java.util.OptionalLong;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.parley.server.ParleyServer;
import dev.parley.server.RunningServer;

/**
 * The server a portable suite runs against, chosen by the system property {@code parley.target} (Maven's
 * {@code -Dit.target} for the default Failsafe run; the app-server and Redis runs set their own): {@code embedded}
 * (the default) starts a {@link ParleyServer} for the test class (through {@link RunningServer}); {@code redis} does
 * the same with its room store on Redis (issue 14: the {@link SharedRedis} of the test JVM, emptied before each
 * class, so each class starts from no rooms as on a server of its own); {@code payara} or
 * {@code glassfish} use the WAR deployed on that app server, which is started once per test JVM ({@link AppServer});
 * a base URL such as {@code http://127.0.0.1:8080/} names a server someone already runs, with the test WARs deployed
 * ({@link AppServer#external}). The tests only see URIs, so they run unchanged on all of them (like Tyrus's own
 * TestContainer).
 *
 * <pre>{@code @RegisterExtension static final ParleyTarget server = ParleyTarget.of(TestDeployment.AUTH);}</pre>
 *
 * Portable suites carry {@code @Tag("portable")}; tests in them that only the embedded server can pass (the
 * byte-level checks in front of Tyrus, docs/deploy.md) carry {@code @Tag("embedded-only")} as well.
 */
public final class ParleyTarget implements BeforeAllCallback, AfterAllCallback {
    public static final String PROPERTY = "parley.target";
    /** The {@code redis} target: the embedded server on the test JVM's {@link SharedRedis}, emptied per class. */
    public static final String REDIS = "redis";
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ParleyTarget.class);

    private final TestDeployment deployment;
    private RunningServer embedded;
    private AppServer appServer;

    private ParleyTarget(TestDeployment deployment) {
        this.deployment = deployment;
    }

    public static ParleyTarget of(TestDeployment deployment) {
        return new ParleyTarget(deployment);
    }

    /** The target this test JVM was started for. */
    public static String current() {
        return System.getProperty(PROPERTY, "embedded");
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        String target = current();
        if (target.equals("embedded")) {
            if (deployment == TestDeployment.REDIS) {
                SharedRedis.start(context);
            }
            embedded = new RunningServer(deployment::apply);
            embedded.beforeAll(context);
        } else if (target.equals(REDIS)) {
            String redis = SharedRedis.start(context);
            SharedRedis.emptyForClass(context);
            embedded = new RunningServer(config -> SharedRedis.on(deployment.apply(config), redis));
            embedded.beforeAll(context);
        } else if (target.startsWith("http://") || target.startsWith("https://")) {
            appServer = context.getRoot().getStore(NAMESPACE)
                    .getOrComputeIfAbsent(target, url -> AppServer.external(URI.create(url)), AppServer.class);
        } else {
            SharedRedis.start(context); // before the app server, whose REDIS deployment uses it
            appServer = context.getRoot().getStore(NAMESPACE)
                    .getOrComputeIfAbsent(target, AppServer::start, AppServer.class);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (embedded != null) {
            embedded.afterAll(context);
            embedded = null;
        }
    }

    /** {@code ws://127.0.0.1:port/path} on the embedded server, {@code ws://127.0.0.1:port/root/path} in the WAR. */
    public URI ws(String path) {
        return embedded != null ? embedded.ws(path) : appServer.uri("ws", deployment, path);
    }

    /**
     * The heap the server's JVM holds after a full GC ({@link JvmHeap}), in bytes: the test JVM itself for the
     * embedded server, the app server's JVM, or empty for a server someone else runs.
     */
    public OptionalLong heapAfterGc() throws Exception {
        OptionalLong pid = embedded != null ? OptionalLong.of(ProcessHandle.current().pid()) : appServer.pid();
        return pid.isPresent() ? OptionalLong.of(JvmHeap.usedAfterFullGc(pid.getAsLong())) : OptionalLong.empty();
    }

    /** As {@link #ws} for http. */
    public URI http(String path) {
        return embedded != null ? embedded.http(path) : appServer.uri("http", deployment, path);
    }
}

package dev.parley.deploy;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ExtensionContext;

import dev.parley.server.Config;

/**
 * Payara Micro or GlassFish embedded in a JVM of its own, serving every {@link TestDeployment} as one deployment of
 * {@code target/parley.war}, on a free loopback port. The jars come from {@code target/it-servers} (copied there by
 * Maven, never on the test classpath). Started once per test JVM by {@link ParleyTarget} and stopped when JUnit
 * finishes; {@link ServerProcess} makes sure it cannot outlive the tests.
 */
final class AppServer implements ExtensionContext.Store.CloseableResource {
    private static final Duration READY_WITHIN = Duration.ofMinutes(4);
    /**
     * The HTTP listener's transport attribute that bounds what Grizzly queues for one connection: 4 times this many
     * bytes (unset, 4 times the socket's send buffer at accept, about 8 MB on loopback). Set as an operator would
     * (docs/deploy.md), so that a client that stops reading is closed with 1008 before the app server holds much.
     */
    static final String WRITE_BUFFER_ATTRIBUTE = "network-config.transports.transport.tcp.socket-write-buffer-size";
    static final int WRITE_BUFFER_BYTES = 64 * 1024;

    private final String name;
    private final URI root;
    private final ServerProcess process;

    private AppServer(String name, URI root, ServerProcess process) {
        this.name = name;
        this.root = root;
        this.process = process;
    }

    /**
     * A server someone else started, at {@code root} (e.g. {@code http://127.0.0.1:8080/}), on which the WARs of
     * {@link #writeWars()} are deployed at the context roots of their file names.
     */
    static AppServer external(URI root) {
        AppServer server = new AppServer(root.toString(), root, null);
        System.out.printf("[%s] testing the deployments there%n", root);
        return server;
    }

    /** One configured copy of target/parley.war per {@link TestDeployment}, in {@code target/it-work/wars}. */
    static List<String> writeWars() throws IOException {
        Path dir = Path.of(required("parley.work")).resolve("wars");
        List<String> wars = new ArrayList<>();
        for (TestDeployment deployment : TestDeployment.values()) {
            Config config = deployment.apply(Config.defaults());
            wars.add(ConfiguredWar.write(Path.of(required("parley.war")), config,
                    dir.resolve(deployment.contextRoot() + ".war")).toString());
        }
        return wars;
    }

    /** {@code payara} or {@code glassfish}, started and with every deployment answering {@code /health}. */
    static AppServer start(String name) {
        try {
            Path work = Path.of(required("parley.work")).resolve(name);
            deleteTree(work);
            Files.createDirectories(work);
            List<String> wars = writeWars();
            int port = ServerProcess.freeLoopbackPort();
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx384m");
            switch (name) {
                case "payara" -> payara(command, work, port, wars);
                case "glassfish" -> glassFish(command, work, port, wars);
                default -> throw new IllegalArgumentException(
                        ParleyTarget.PROPERTY + "=" + name + ": expected embedded, payara or glassfish");
            }
            ServerProcess process = ServerProcess.start(name, command, work.resolve("server.log"));
            AppServer server = new AppServer(name, URI.create("http://127.0.0.1:" + port + "/"), process);
            long started = System.nanoTime();
            for (TestDeployment deployment : TestDeployment.values()) {
                process.awaitHttp200(server.uri("http", deployment, "/health"), READY_WITHIN);
            }
            System.out.printf("[%s] pid %d: %d deployments ready on port %d after %d ms%n", name, process.pid(),
                    wars.size(), port, (System.nanoTime() - started) / 1_000_000);
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + name + ": " + e, e);
        } catch (Exception e) {
            throw new IllegalStateException("could not start " + name, e);
        }
    }

    /**
     * Payara Micro binds the HTTP listener to every interface unless a preboot command says otherwise, and with
     * {@code --nocluster} still opens Hazelcast's port: the preboot file sets the one and turns off the other, and
     * bounds the listener's write queue ({@link #WRITE_BUFFER_ATTRIBUTE}).
     */
    private static void payara(List<String> command, Path work, int port, List<String> wars) throws IOException {
        Path preboot = Files.writeString(work.resolve("preboot.asadmin"), String.join("\n",
                "set configs.config.server-config.network-config.network-listeners.network-listener"
                        + ".http-listener.address=127.0.0.1",
                "set configs.config.server-config.hazelcast-config-specific-configuration.enabled=false",
                "set configs.config.server-config." + WRITE_BUFFER_ATTRIBUTE + "=" + WRITE_BUFFER_BYTES, ""));
        command.add("-javaagent:" + ServerProcess.jarOf(work.resolve("watchdog.jar"), Watchdog.class.getName(),
                Watchdog.class));
        command.addAll(List.of("-jar", required("parley.payara-micro")));
        for (String war : wars) {
            command.addAll(List.of("--deploy", war));
        }
        command.addAll(List.of("--port", Integer.toString(port), "--nocluster", "--disablephonehome",
                "--prebootcommandfile", preboot.toString(), "--rootdir", work.resolve("root").toString()));
    }

    /**
     * GlassFish's manifest opens these packages to it; with {@code -cp} they must be given by hand. The write queue
     * bound ({@link #WRITE_BUFFER_ATTRIBUTE}) is a GlassFish Embedded property, applied before the listener starts.
     */
    private static void glassFish(List<String> command, Path work, int port, List<String> wars) throws IOException {
        for (String opened : List.of("java.base/java.lang", "java.base/java.io", "java.base/java.util",
                "java.base/sun.nio.fs", "java.base/sun.net.www.protocol.jrt", "java.naming/javax.naming.spi",
                "java.rmi/sun.rmi.transport", "jdk.management/com.sun.management.internal",
                "java.base/jdk.internal.vm.annotation")) {
            command.add("--add-opens=" + opened + "=ALL-UNNAMED");
        }
        command.add("--add-exports=java.naming/com.sun.jndi.ldap=ALL-UNNAMED");
        command.add("--add-exports=java.base/jdk.internal.vm.annotation=ALL-UNNAMED");
        Path tmp = Files.createDirectories(work.resolve("tmp"));
        command.add("-Djava.io.tmpdir=" + tmp);
        Path launcher = ServerProcess.jarOf(work.resolve("launcher.jar"), null, GlassFishLauncher.class,
                Watchdog.class);
        command.addAll(List.of("-cp", required("parley.glassfish-embedded") + File.pathSeparator + launcher,
                GlassFishLauncher.class.getName(), Integer.toString(port),
                "embedded-glassfish-config.server." + WRITE_BUFFER_ATTRIBUTE + "=" + WRITE_BUFFER_BYTES));
        command.addAll(wars);
    }

    /** {@code scheme://host:port/contextRoot/path}; {@code ws} and {@code http} become wss and https on https. */
    URI uri(String scheme, TestDeployment deployment, String path) {
        String secure = root.getScheme().equals("https") && !scheme.endsWith("s") ? "s" : "";
        return URI.create(scheme + secure + "://" + root.getRawAuthority() + "/" + deployment.contextRoot() + path);
    }

    String name() {
        return name;
    }

    /** The server's JVM, if the tests started it. */
    OptionalLong pid() {
        return process == null ? OptionalLong.empty() : OptionalLong.of(process.pid());
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        long started = System.nanoTime();
        process.close();
        System.out.printf("[%s] stopped in %d ms%n", name, (System.nanoTime() - started) / 1_000_000);
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set (Failsafe sets it)");
        }
        return value;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}

package dev.parley.server;

import java.net.BindException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import dev.parley.session.Limits;

/** {@code parley serve}: runs the embedded server until SIGTERM or Ctrl-C, then closes every WebSocket with 1001. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the Parley server (page at /, GET /health, WebSockets at /echo and /broadcast).")
public final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = Config.DEFAULT_HOST,
            description = "Address to bind; 0.0.0.0 for every interface (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + Config.DEFAULT_PORT,
            description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--max-message-size", paramLabel = "BYTES", defaultValue = "1048576",
            description = "Largest message a client may send; larger closes with 1009 (default: ${DEFAULT-VALUE}).")
    int maxMessageBytes;

    @Option(names = "--outbound-max-messages", paramLabel = "N", defaultValue = "1024",
            description = "Messages that may wait for one slow client before it is closed with 1008 "
                    + "(default: ${DEFAULT-VALUE}).")
    int outboundMaxMessages;

    @Option(names = "--outbound-max-bytes", paramLabel = "BYTES", defaultValue = "4194304",
            description = "Bytes that may wait for one slow client before it is closed with 1008 "
                    + "(default: ${DEFAULT-VALUE}).")
    long outboundMaxBytes;

    @Option(names = "--shutdown-grace", paramLabel = "MILLIS", defaultValue = "2000",
            description = "How long shutdown waits for clients to answer the 1001 close (default: ${DEFAULT-VALUE}).")
    long shutdownGraceMillis;

    @Override
    public Integer call() throws Exception {
        Config config;
        try {
            config = new Config(host, port, new Limits(maxMessageBytes, outboundMaxMessages, outboundMaxBytes),
                    Duration.ofMillis(shutdownGraceMillis));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        ParleyServer server;
        try {
            server = ParleyServer.start(config);
        } catch (BindException e) {
            System.err.println("parley: cannot listen on " + host + ":" + port + ": " + e.getMessage());
            return 1;
        }
        System.out.println("Parley serving " + server.uri("http", "/") + "  (Ctrl-C to stop)");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
        }, "parley-shutdown"));
        stopped.await();
        return 0;
    }
}

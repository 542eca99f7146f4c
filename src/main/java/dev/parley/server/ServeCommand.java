package dev.parley.server;

import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import dev.parley.ExitLogging;
import dev.parley.chat.ChatConfig;
import dev.parley.session.FrameRate;
import dev.parley.origin.Origin;
import dev.parley.chat.RoomLimits;
import dev.parley.session.Limits;

/**
 * {@code parley serve}: runs the embedded server until SIGTERM or Ctrl-C, then closes every WebSocket with 1001.
 * Every option can also come from the environment variable named in its help.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the Parley server: the page at /, GET /health, the publish API at /api/, "
                + "WebSockets at /echo, /broadcast and /chat.")
public final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "${env:PARLEY_HOST:-127.0.0.1}",
            description = "Address to bind; 0.0.0.0 for every interface (PARLEY_HOST, default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "${env:PARLEY_PORT:-8025}",
            description = "TCP port; 0 picks a free one (PARLEY_PORT, default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--max-message-size", paramLabel = "BYTES", defaultValue = "${env:PARLEY_MAX_MESSAGE_SIZE:-1048576}",
            description = "Largest message a client may send; larger closes with 1009 "
                    + "(PARLEY_MAX_MESSAGE_SIZE, default: ${DEFAULT-VALUE}).")
    int maxMessageBytes;

    @Option(names = "--outbound-max-messages", paramLabel = "N",
            defaultValue = "${env:PARLEY_OUTBOUND_MAX_MESSAGES:-1024}",
            description = "Messages that may wait for one slow client before it is closed with 1008 "
                    + "(PARLEY_OUTBOUND_MAX_MESSAGES, default: ${DEFAULT-VALUE}).")
    int outboundMaxMessages;

    @Option(names = "--outbound-max-bytes", paramLabel = "BYTES",
            defaultValue = "${env:PARLEY_OUTBOUND_MAX_BYTES:-1048576}",
            description = "Bytes that may wait for one slow client before it is closed with 1008 "
                    + "(PARLEY_OUTBOUND_MAX_BYTES, default: ${DEFAULT-VALUE}).")
    long outboundMaxBytes;

    @Option(names = "--max-connections-per-address", paramLabel = "N",
            defaultValue = "${env:PARLEY_MAX_CONNECTIONS_PER_ADDRESS:-64}",
            description = "WebSocket sessions one remote address may hold; more are closed with 1013 "
                    + "(PARLEY_MAX_CONNECTIONS_PER_ADDRESS, default: ${DEFAULT-VALUE}).")
    int maxSessionsPerAddress;

    @Option(names = "--frame-rate", paramLabel = "PER_SECOND", defaultValue = "${env:PARLEY_FRAME_RATE:-500}",
            description = "Frames (data, control or invalid) one connection may send per second; over the budget: "
                    + "1008 (PARLEY_FRAME_RATE, default: ${DEFAULT-VALUE}).")
    double frameRate;

    @Option(names = "--frame-burst", paramLabel = "N", defaultValue = "${env:PARLEY_FRAME_BURST:-1000}",
            description = "Frames one connection may send at once (PARLEY_FRAME_BURST, default: ${DEFAULT-VALUE}).")
    int frameBurst;

    @Option(names = "--address-frame-rate", paramLabel = "PER_SECOND",
            defaultValue = "${env:PARLEY_ADDRESS_FRAME_RATE:-1000}",
            description = "Frames all connections of one remote address may send per second together; the "
                    + "connection that finds the budget spent is closed with 1008 (PARLEY_ADDRESS_FRAME_RATE, "
                    + "default: ${DEFAULT-VALUE}).")
    double addressFrameRate;

    @Option(names = "--address-frame-burst", paramLabel = "N", defaultValue = "${env:PARLEY_ADDRESS_FRAME_BURST:-2000}",
            description = "Frames all connections of one remote address may send at once "
                    + "(PARLEY_ADDRESS_FRAME_BURST, default: ${DEFAULT-VALUE}).")
    int addressFrameBurst;

    @Option(names = "--auth-secret", paramLabel = "SECRET", defaultValue = "${env:PARLEY_AUTH_SECRET}",
            description = "HS256 secret (16+ characters): /chat then requires a JWT (PARLEY_AUTH_SECRET; "
                    + "default: none, clients pick a name).")
    String authSecret;

    @Option(names = "--allowed-origins", paramLabel = "ORIGIN", split = ",",
            defaultValue = "${env:PARLEY_ALLOWED_ORIGINS}",
            description = "Browser origins allowed besides the server's own, comma-separated "
                    + "(PARLEY_ALLOWED_ORIGINS, default: none).")
    List<String> allowedOrigins;

    @Option(names = "--public-origins", paramLabel = "ORIGIN", split = ",",
            defaultValue = "${env:PARLEY_PUBLIC_ORIGINS}",
            description = "The server's own origins (scheme://host[:port], comma-separated), where browsers load its "
                    + "page (PARLEY_PUBLIC_ORIGINS; default: http://127.0.0.1, http://localhost and http://[::1] "
                    + "on the port, https with TLS, and the bind address if it is a specific one).")
    List<String> publicOrigins;

    @Option(names = "--api-key", paramLabel = "KEY", defaultValue = "${env:PARLEY_API_KEY}",
            description = "Bearer key of the publish API; without one the API is off (PARLEY_API_KEY).")
    String apiKey;

    @Option(names = "--history-size", paramLabel = "N", defaultValue = "${env:PARLEY_HISTORY_SIZE:-1000}",
            description = "Messages each room keeps for resuming (PARLEY_HISTORY_SIZE, default: ${DEFAULT-VALUE}).")
    int historySize;

    @Option(names = "--history-bytes", paramLabel = "BYTES", defaultValue = "${env:PARLEY_HISTORY_BYTES:-1048576}",
            description = "History each room keeps, in estimated heap bytes; the oldest go first "
                    + "(PARLEY_HISTORY_BYTES, default: ${DEFAULT-VALUE}).")
    long historyBytes;

    @Option(names = "--history-total-bytes", paramLabel = "BYTES",
            defaultValue = "${env:PARLEY_HISTORY_TOTAL_BYTES:-0}",
            description = "History all rooms keep together; over it the largest room's oldest messages go first; "
                    + "0: a sixteenth of the max heap (PARLEY_HISTORY_TOTAL_BYTES, default: ${DEFAULT-VALUE}).")
    long historyTotalBytes;

    @Option(names = "--max-rooms", paramLabel = "N", defaultValue = "${env:PARLEY_MAX_ROOMS:-0}",
            description = "Chat rooms the server holds; a join that would create more is refused with server_full; "
                    + "0: one per 64 KiB of max heap, 100-10000 (PARLEY_MAX_ROOMS, default: ${DEFAULT-VALUE}).")
    int maxRooms;

    @Option(names = "--new-rooms-per-address", paramLabel = "N",
            defaultValue = "${env:PARLEY_NEW_ROOMS_PER_ADDRESS:-60}",
            description = "Rooms one remote address may create per minute; more are refused with too_many_new_rooms "
                    + "(PARLEY_NEW_ROOMS_PER_ADDRESS, default: ${DEFAULT-VALUE}).")
    int newRoomsPerAddress;

    @Option(names = "--room-idle-timeout", paramLabel = "MILLIS",
            defaultValue = "${env:PARLEY_ROOM_IDLE_TIMEOUT:-600000}",
            description = "How long a room with no members keeps its history after its last message or member; "
                    + "then it is removed (PARLEY_ROOM_IDLE_TIMEOUT, default: ${DEFAULT-VALUE}).")
    long roomIdleTimeoutMillis;

    @Option(names = "--rate", paramLabel = "PER_SECOND", defaultValue = "${env:PARLEY_RATE:-20}",
            description = "Chat messages per second per connection (PARLEY_RATE, default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--burst", paramLabel = "N", defaultValue = "${env:PARLEY_BURST:-40}",
            description = "Rate-limit burst; that many refused messages in a row close with 1008 "
                    + "(PARLEY_BURST, default: ${DEFAULT-VALUE}).")
    int burst;

    @Option(names = "--ping-interval", paramLabel = "MILLIS", defaultValue = "${env:PARLEY_PING_INTERVAL:-25000}",
            description = "How often every WebSocket session is pinged (PARLEY_PING_INTERVAL, "
                    + "default: ${DEFAULT-VALUE}).")
    long pingIntervalMillis;

    @Option(names = "--ping-timeout", paramLabel = "MILLIS", defaultValue = "${env:PARLEY_PING_TIMEOUT:-20000}",
            description = "Unanswered ping deadline; then close with 4408 (PARLEY_PING_TIMEOUT, "
                    + "default: ${DEFAULT-VALUE}).")
    long pingTimeoutMillis;

    @Option(names = "--shutdown-grace", paramLabel = "MILLIS", defaultValue = "${env:PARLEY_SHUTDOWN_GRACE:-2000}",
            description = "How long shutdown waits for clients to answer the 1001 close "
                    + "(PARLEY_SHUTDOWN_GRACE, default: ${DEFAULT-VALUE}).")
    long shutdownGraceMillis;

    // Memory budgets shared by all connections (issue 11) -----------------------------------------------------------
    @Option(names = "--inbound-budget-bytes", paramLabel = "BYTES",
            defaultValue = "${env:PARLEY_INBOUND_BUDGET_BYTES:-0}",
            description = "Most bytes of unfinished client messages all connections together may hold; the "
                    + "connection whose read would pass it is closed with 1013. 0: a sixteenth of the max heap, at "
                    + "least 4 maximum-size messages (PARLEY_INBOUND_BUDGET_BYTES, default: ${DEFAULT-VALUE}).")
    long inboundBudgetBytes;

    @Option(names = "--outbound-budget-bytes", paramLabel = "BYTES",
            defaultValue = "${env:PARLEY_OUTBOUND_BUDGET_BYTES:-0}",
            description = "Most bytes all outbound queues and unwritten writes together may hold; the session whose "
                    + "send would pass it is closed with 1013. 0: a sixteenth of the max heap, at least 4 "
                    + "maximum-size messages (PARLEY_OUTBOUND_BUDGET_BYTES, default: ${DEFAULT-VALUE}).")
    long outboundBudgetBytes;

    // HTTP connections (issue 11) ----------------------------------------------------------------------------------
    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "${env:PARLEY_MAX_CONNECTIONS:-0}",
            description = "Most TCP connections open at once; at the cap the oldest idle HTTP connection is closed "
                    + "for a new one, and a tenth is kept from WebSockets for /health and handshakes. 0: the "
                    + "smaller of the file descriptor limit less 128 and the max heap / 256 KiB "
                    + "(PARLEY_MAX_CONNECTIONS, default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--http-head-timeout", paramLabel = "MILLIS",
            defaultValue = "${env:PARLEY_HTTP_HEAD_TIMEOUT:-10000}",
            description = "Time from accept to a complete request head; then the connection is closed "
                    + "(PARLEY_HTTP_HEAD_TIMEOUT, default: ${DEFAULT-VALUE}).")
    long httpHeadTimeoutMillis;

    @Option(names = "--http-idle-timeout", paramLabel = "MILLIS",
            defaultValue = "${env:PARLEY_HTTP_IDLE_TIMEOUT:-30000}",
            description = "Time a connection that is not a WebSocket may wait after a response for its next "
                    + "request head; then it is closed (PARLEY_HTTP_IDLE_TIMEOUT, default: ${DEFAULT-VALUE}).")
    long httpIdleTimeoutMillis;

    @Option(names = "--http-body-timeout", paramLabel = "MILLIS",
            defaultValue = "${env:PARLEY_HTTP_BODY_TIMEOUT:-10000}",
            description = "Time the publish API waits for a request body; then 408 "
                    + "(PARLEY_HTTP_BODY_TIMEOUT, default: ${DEFAULT-VALUE}).")
    long httpBodyTimeoutMillis;

    // TLS (issue 5) -----------------------------------------------------------------------------------------------
    @Option(names = "--tls-keystore", paramLabel = "FILE", defaultValue = "${env:PARLEY_TLS_KEYSTORE}",
            description = "PKCS12 keystore with the server's key and certificate: then https and wss only, on the "
                    + "same port (PARLEY_TLS_KEYSTORE; default: none, plain http and ws).")
    String tlsKeystore;

    @Option(names = "--tls-password-file", paramLabel = "FILE", defaultValue = "${env:PARLEY_TLS_PASSWORD_FILE}",
            description = "File whose first line is the keystore's password; required with --tls-keystore "
                    + "(PARLEY_TLS_PASSWORD_FILE).")
    String tlsPasswordFile;
    // ---------------------------------------------------------------------------------------------------------------

    @Override
    public Integer call() throws Exception {
        Config config;
        try {
            config = config();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        ParleyServer server;
        try {
            server = ParleyServer.start(config);
        } catch (BindException e) {
            System.err.println("parley: cannot listen on " + host + ":" + port + ": " + e.getMessage());
            return 1;
        } catch (TlsSetupException e) {
            System.err.println("parley: " + e.getMessage());
            return 1;
        }
        System.out.println("Parley serving " + server.uri("http", "/") + "  (Ctrl-C to stop)");
        CountDownLatch stopped = new CountDownLatch(1);
        ExitLogging.holdResetUntil(stopped, config.shutdownGrace().plusSeconds(10)); // shutdown's lines are logged
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            stopped.countDown();
        }, "parley-shutdown"));
        stopped.await();
        return 0;
    }

    Config config() {
        Limits limits = new Limits(maxMessageBytes, outboundMaxMessages, outboundMaxBytes, maxSessionsPerAddress,
                new FrameRate(frameRate, frameBurst), new FrameRate(addressFrameRate, addressFrameBurst),
                inboundBudgetBytes, outboundBudgetBytes);
        ChatConfig chat = new ChatConfig(blankToNull(authSecret),
                origins(allowedOrigins),
                blankToNull(apiKey), historySize, ChatConfig.DEFAULTS.maxTextBytes(), rate, burst,
                Duration.ofMillis(pingIntervalMillis), Duration.ofMillis(pingTimeoutMillis), origins(publicOrigins),
                new RoomLimits(historyBytes, historyTotalBytes, maxRooms, newRoomsPerAddress,
                        Duration.ofMillis(roomIdleTimeoutMillis)));
        HttpLimits http = new HttpLimits(Duration.ofMillis(httpHeadTimeoutMillis),
                Duration.ofMillis(httpIdleTimeoutMillis), Duration.ofMillis(httpBodyTimeoutMillis),
                maxConnections == 0 ? HttpLimits.defaultMaxConnections() : maxConnections);
        return new Config(host, port, limits, Duration.ofMillis(shutdownGraceMillis), chat, tls(),
                Tuning.fromSystemProperty(), http);
    }

    /** The listed origins, each checked ({@link Origin#parse} throws for one that is not scheme://host[:port]). */
    private static Set<String> origins(List<String> listed) {
        if (listed == null) {
            return Set.of();
        }
        Set<String> origins = new LinkedHashSet<>();
        for (String origin : listed) {
            if (!origin.isBlank()) {
                Origin.parse(origin.strip());
                origins.add(origin.strip());
            }
        }
        return origins;
    }

    /** TLS: both files or neither. */
    private Tls tls() {
        String keystore = blankToNull(tlsKeystore);
        String passwordFile = blankToNull(tlsPasswordFile);
        if ((keystore == null) != (passwordFile == null)) {
            throw new IllegalArgumentException("--tls-keystore and --tls-password-file go together");
        }
        return keystore == null ? null : new Tls(Path.of(keystore), Path.of(passwordFile));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}

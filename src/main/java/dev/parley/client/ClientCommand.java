package dev.parley.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code parley client URL}: a line-mode WebSocket client like wscat, on Tyrus. Each stdin line (or each {@code -x}
 * message) goes out as one text message; every message received is printed on stdout, text as it is and binary as
 * hex. Connection state (connected, closed with code and reason, errors) goes to stderr, so stdout is only what the
 * server sent.
 *
 * <p>Exit status: 0 after a close with 1000 or 1001 or one this client started; 1 if the connection could not be made
 * (refused, handshake failed: the HTTP status and the server's reason are shown, timed out); 2 for bad arguments; 3
 * after any other close code.
 */
@Command(name = "client", mixinStandardHelpOptions = true,
        description = "Talk to a WebSocket server: stdin lines are sent as text, messages received are printed.")
public final class ClientCommand implements Callable<Integer> {
    private static final Duration CLOSE_ANSWER_WAIT = Duration.ofSeconds(5);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "URL", description = "ws:// or wss:// URL, e.g. ws://127.0.0.1:8025/echo")
    String url;

    @Option(names = {"-H", "--header"}, paramLabel = "NAME:VALUE", description = "Extra request header (repeatable).")
    List<String> headers = new ArrayList<>();

    @Option(names = {"-s", "--subprotocol"}, paramLabel = "NAME",
            description = "Subprotocol to offer, preferred first (repeatable).")
    List<String> subprotocols = new ArrayList<>();

    @Option(names = {"-o", "--origin"}, paramLabel = "ORIGIN", description = "Origin header, e.g. http://localhost.")
    String origin;

    @Option(names = "--insecure", description = "wss: accept any certificate and host name (self-signed servers).")
    boolean insecure;

    @Option(names = {"-x", "--execute"}, paramLabel = "MSG",
            description = "Send MSG instead of reading stdin (repeatable), then wait and close.")
    List<String> execute = new ArrayList<>();

    @Option(names = {"-w", "--wait"}, paramLabel = "SECONDS", defaultValue = "2",
            description = "After the last message is sent (-x) or stdin ends, keep printing what arrives for this "
                    + "long, then close (default: ${DEFAULT-VALUE}).")
    double waitSeconds;

    @Option(names = "--reconnect", description = "Reconnect when the server closes or the connection fails, "
            + "with exponential backoff up to 30 s.")
    boolean reconnect;

    @Option(names = "--reconnect-delay", paramLabel = "MILLIS", defaultValue = "1000",
            description = "First reconnection delay; it doubles after each failure (default: ${DEFAULT-VALUE}).")
    long reconnectDelayMillis;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "How long connecting may take, TCP, TLS and the opening handshake together "
                    + "(default: ${DEFAULT-VALUE}).")
    int connectTimeoutSeconds;

    @Option(names = "--deflate", description = "Offer permessage-deflate (RFC 7692) and, when the server accepts, "
            + "send every message compressed and inflate the server's; shows the parameters and each message's "
            + "bytes on the wire. ws:// only, no --reconnect (Parley's raw client instead of Tyrus).")
    boolean deflate;

    @Option(names = "--max-message", paramLabel = "BYTES", defaultValue = "4194304",
            description = "With --deflate: the largest message accepted, inflated or not; one more byte closes with "
                    + "1009 (default: ${DEFAULT-VALUE}).")
    long maxMessageBytes;

    private final InputStream stdin;
    private final BlockingQueue<ClientEvent> events = new LinkedBlockingQueue<>();
    private boolean inputEnded;

    /** Reads lines from {@code System.in}. */
    public ClientCommand() {
        this(System.in);
    }

    /** Reads lines from {@code stdin} (tests give it a pipe). */
    public ClientCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() throws Exception {
        URI uri = parseUrl();
        List<Map.Entry<String, String>> fields = requestHeaders();
        if (waitSeconds < 0 || reconnectDelayMillis <= 0 || connectTimeoutSeconds <= 0) {
            throw new ParameterException(spec.commandLine(), "--wait must be >= 0, --reconnect-delay and "
                    + "--connect-timeout > 0");
        }
        if (deflate && (!"ws".equals(uri.getScheme()) || reconnect || maxMessageBytes < 0)) {
            throw new ParameterException(spec.commandLine(), "--deflate takes a ws:// URL, no --reconnect, and "
                    + "--max-message >= 0");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (execute.isEmpty()) {
            readStdinInTheBackground();
        } else {
            execute.forEach(message -> events.add(new ClientEvent.Line(message)));
            events.add(new ClientEvent.EndOfInput());
        }
        if (deflate) {
            return new DeflateConversation(uri, fields, subprotocols, Duration.ofSeconds(connectTimeoutSeconds),
                    maxMessageBytes, out, err, events).run(waitSeconds);
        }
        Backoff backoff = new Backoff(Duration.ofMillis(reconnectDelayMillis), MAX_BACKOFF);
        try (TyrusConnector connector = new TyrusConnector(fields, subprotocols,
                Duration.ofSeconds(connectTimeoutSeconds), insecure)) {
            for (int connection = 1; ; connection++) {
                Session session;
                try {
                    session = connector.connect(new ConsoleEndpoint(connection, out, err, events), uri);
                } catch (TyrusConnector.ConnectFailure e) {
                    status(err, "parley client: cannot connect to " + uri + ": " + e.describe());
                    if (!reconnect || inputEnded) {
                        return 1;
                    }
                    pause(err, backoff.next());
                    continue;
                }
                backoff.reset();
                String subprotocol = session.getNegotiatedSubprotocol();
                status(err, "connected to " + uri
                        + (subprotocol == null || subprotocol.isEmpty() ? "" : " (subprotocol " + subprotocol + ")"));
                Ending ending = converse(session, connection);
                status(err, "closed: " + describe(ending.reason()));
                if (ending.byUs() || !reconnect) {
                    return exitStatus(ending);
                }
                pause(err, backoff.next());
            }
        }
    }

    /** How a connection ended, and whether this client started the close. */
    private record Ending(CloseReason reason, boolean byUs) {
    }

    /** Sends lines until the connection closes, or closes it once input has ended and the wait is over. */
    private Ending converse(Session session, int connection) throws InterruptedException, IOException {
        while (true) {
            ClientEvent event = inputEnded
                    ? events.poll((long) (waitSeconds * 1000), TimeUnit.MILLISECONDS)
                    : events.take();
            if (event == null) {
                return closeAndAwaitAnswer(session, connection);
            }
            if (event instanceof ClientEvent.Line line) {
                send(session, line.text());
            } else if (event instanceof ClientEvent.EndOfInput) {
                inputEnded = true;
            } else if (event instanceof ClientEvent.Closed closed && closed.connection() == connection) {
                return new Ending(closed.reason(), false);
            }
        }
    }

    private void send(Session session, String text) {
        try {
            session.getBasicRemote().sendText(text);
        } catch (IOException | RuntimeException e) {
            // the connection is going away (Tyrus reports that in several ways); its close event follows
            status(spec.commandLine().getErr(), "parley client: not sent (" + ClientErrors.describe(e) + "): " + text);
        }
    }

    private Ending closeAndAwaitAnswer(Session session, int connection) throws InterruptedException, IOException {
        session.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, ""));
        long deadline = System.nanoTime() + CLOSE_ANSWER_WAIT.toNanos();
        for (long left = CLOSE_ANSWER_WAIT.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            ClientEvent event = events.poll(left, TimeUnit.NANOSECONDS);
            if (event instanceof ClientEvent.Closed closed && closed.connection() == connection) {
                return new Ending(closed.reason(), true);
            }
        }
        return new Ending(new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY,
                "no close answer within " + CLOSE_ANSWER_WAIT.toSeconds() + " s"), true);
    }

    private static int exitStatus(Ending ending) {
        int code = ending.reason().getCloseCode().getCode();
        return ending.byUs() || code == 1000 || code == 1001 ? 0 : 3;
    }

    /** e.g. {@code 1009 "message too big"}, or just the code when there is no reason. */
    static String describe(CloseReason reason) {
        String phrase = reason.getReasonPhrase();
        return reason.getCloseCode().getCode() + (phrase == null || phrase.isEmpty() ? "" : " \"" + phrase + "\"");
    }

    private void pause(PrintWriter err, Duration delay) throws InterruptedException {
        status(err, "reconnecting in " + delay.toMillis() + " ms");
        Thread.sleep(delay.toMillis()); // the backoff itself, not a synchronisation
    }

    private static void status(PrintWriter err, String line) {
        synchronized (err) {
            err.println(line);
            err.flush();
        }
    }

    private void readStdinInTheBackground() {
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    events.add(new ClientEvent.Line(line));
                }
            } catch (IOException e) {
                status(spec.commandLine().getErr(), "parley client: stdin: " + e.getMessage());
            } finally {
                events.add(new ClientEvent.EndOfInput());
            }
        }, "parley-client-stdin");
        reader.setDaemon(true);
        reader.start();
    }

    private URI parseUrl() {
        try {
            URI uri = new URI(url);
            if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new ParameterException(spec.commandLine(), "not a ws:// or wss:// URL: " + url);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ParameterException(spec.commandLine(), "bad URL: " + e.getMessage());
        }
    }

    private List<Map.Entry<String, String>> requestHeaders() {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        for (String header : headers) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new ParameterException(spec.commandLine(), "--header wants NAME:VALUE, not " + header);
            }
            fields.add(Map.entry(header.substring(0, colon).trim(), header.substring(colon + 1).trim()));
        }
        if (origin != null) {
            fields.add(Map.entry("Origin", origin));
        }
        return fields;
    }
}

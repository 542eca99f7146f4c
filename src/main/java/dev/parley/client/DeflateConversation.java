package dev.parley.client;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import jakarta.websocket.CloseReason;

import dev.parley.wire.CloseStatus;
import dev.parley.wire.HandshakeRejected;
import dev.parley.wire.HttpHeaders;
import dev.parley.wire.Opcode;
import dev.parley.wire.ProtocolViolation;

/**
 * {@code parley client --deflate}: one connection on {@link DeflateSession} instead of Tyrus, offering
 * permessage-deflate. The same console contract as the Tyrus path: lines from the event queue go out as text
 * (compressed when negotiated), messages received are printed on stdout (text as it is, binary as hex), the state on
 * stderr, including whether permessage-deflate was negotiated and with which parameters, and each message's bytes on
 * the wire next to its size.
 */
final class DeflateConversation {
    private static final Duration CLOSE_ANSWER_WAIT = Duration.ofSeconds(5);

    private final URI uri;
    private final HttpHeaders headers;
    private final Duration connectTimeout;
    private final long maxMessageBytes;
    private final PrintWriter out;
    private final PrintWriter err;
    private final BlockingQueue<ClientEvent> events;

    DeflateConversation(URI uri, List<Map.Entry<String, String>> fields, List<String> subprotocols,
            Duration connectTimeout, long maxMessageBytes, PrintWriter out, PrintWriter err,
            BlockingQueue<ClientEvent> events) {
        this.uri = uri;
        HttpHeaders h = HttpHeaders.EMPTY;
        for (Map.Entry<String, String> field : fields) {
            h = h.with(field.getKey(), field.getValue());
        }
        if (!subprotocols.isEmpty()) {
            h = h.with("Sec-WebSocket-Protocol", String.join(", ", subprotocols));
        }
        this.headers = h;
        this.connectTimeout = connectTimeout;
        this.maxMessageBytes = maxMessageBytes;
        this.out = out;
        this.err = err;
        this.events = events;
    }

    /** Runs the connection; the exit status of {@code parley client}. */
    int run(double waitSeconds) throws InterruptedException {
        DeflateSession session;
        try {
            session = DeflateSession.connect(uri, connectTimeout, headers, maxMessageBytes);
        } catch (IOException | HandshakeRejected e) {
            status("parley client: cannot connect to " + uri + ": " + ClientErrors.describe(e));
            return 1;
        }
        try (session) {
            status("connected to " + uri + session.raw().handshake().headers().first("Sec-WebSocket-Protocol")
                    .map(p -> " (subprotocol " + p + ")").orElse(""));
            status(DeflateHandshake.describe(session.parameters()));
            Thread reader = new Thread(() -> receive(session), "parley-client-deflate-reader");
            reader.setDaemon(true);
            reader.start();
            boolean inputEnded = false;
            while (true) {
                ClientEvent event = inputEnded
                        ? events.poll((long) (waitSeconds * 1000), TimeUnit.MILLISECONDS)
                        : events.take();
                if (event == null) {
                    return closeAndAwaitAnswer(session);
                }
                if (event instanceof ClientEvent.Line line) {
                    send(session, line.text());
                } else if (event instanceof ClientEvent.EndOfInput) {
                    inputEnded = true;
                } else if (event instanceof ClientEvent.Closed closed) {
                    status("closed: " + ClientCommand.describe(closed.reason()));
                    int code = closed.reason().getCloseCode().getCode();
                    return code == 1000 || code == 1001 ? 0 : 3;
                }
            }
        } catch (IOException e) {
            status("parley client: " + ClientErrors.describe(e));
            return 3;
        }
    }

    private void send(DeflateSession session, String text) {
        try {
            long wire = session.sendText(text, 0);
            status("sent " + text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + " bytes as " + wire
                    + " bytes on the wire");
        } catch (IOException e) {
            status("parley client: not sent (" + ClientErrors.describe(e) + "): " + text);
        }
    }

    private int closeAndAwaitAnswer(DeflateSession session) throws InterruptedException {
        try {
            session.sendClose(new CloseStatus(1000, ""));
        } catch (IOException e) {
            status("parley client: close not sent (" + ClientErrors.describe(e) + ")");
            return 0;
        }
        ClientEvent event = null;
        long deadline = System.nanoTime() + CLOSE_ANSWER_WAIT.toNanos();
        for (long left = CLOSE_ANSWER_WAIT.toNanos(); left > 0 && !(event instanceof ClientEvent.Closed);
                left = deadline - System.nanoTime()) {
            event = events.poll(left, TimeUnit.NANOSECONDS);
        }
        status("closed: " + (event instanceof ClientEvent.Closed closed ? ClientCommand.describe(closed.reason())
                : "no close answer within " + CLOSE_ANSWER_WAIT.toSeconds() + " s"));
        return 0;
    }

    /** The reader thread: prints messages until the close, then reports it. */
    private void receive(DeflateSession session) {
        CloseReason reason;
        try {
            while (true) {
                DeflateSession.Message message = session.receive();
                if (message.opcode() == Opcode.CLOSE) {
                    CloseStatus status = message.closeStatus();
                    reason = new CloseReason(CloseReason.CloseCodes.getCloseCode(status.code()), status.reason());
                    break;
                }
                status("received " + message.data().length + " bytes as " + message.wireBytes()
                        + " bytes on the wire" + (message.compressed() ? " (compressed)" : ""));
                print(message.opcode() == Opcode.TEXT ? message.text() : ConsoleEndpoint.formatBinary(message.data()));
            }
        } catch (ProtocolViolation violation) {
            status("parley client: " + violation.getMessage());
            reason = new CloseReason(CloseReason.CloseCodes.getCloseCode(violation.code().code()), violation.reason());
        } catch (IOException e) {
            reason = new CloseReason(CloseReason.CloseCodes.CLOSED_ABNORMALLY, ClientErrors.describe(e));
        }
        events.add(new ClientEvent.Closed(1, reason));
    }

    private void print(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    private void status(String line) {
        synchronized (err) {
            err.println(line);
            err.flush();
        }
    }
}

package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.parley.deploy.ParleyTarget;
import dev.parley.deploy.TestDeployment;

/**
 * The publish API's body rule, the same in every container (dev.parley.app.HttpRoutes): a body announced over the cap
 * is refused before it is sent, and one that never comes gets 408 at the body deadline (10 s by default), from a read
 * that holds no thread meanwhile.
 */
@Tag("portable")
class PublishBodyRuleIT {
    private static final String PATH = "/api/rooms/news/messages";
    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SLACK = Duration.ofSeconds(10);
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?im)^content-length:\\s*(\\d+)\\s*$");

    @RegisterExtension
    static final ParleyTarget server = ParleyTarget.of(TestDeployment.PUBLISH);

    @Test
    void aBodyAnnouncedOverTheCapIs413AtOnce() throws Exception {
        try (Socket socket = post(65 * 1024, "")) {
            String answer = answer(socket);
            assertTrue(answer.startsWith("HTTP/1.1 413 "), answer);
            assertTrue(answer.contains("\"too_large\""), answer);
        }
    }

    @Test
    void aBodyThatNeverComesIs408AtTheDeadline() throws Exception {
        long start = System.nanoTime();
        try (Socket socket = post(100, "{\"text\":")) {
            String answer = answer(socket);
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(answer.startsWith("HTTP/1.1 408 "), answer);
            assertTrue(answer.contains("\"body_timeout\""), answer);
            assertTrue(waited.compareTo(BODY_TIMEOUT.minusMillis(200)) >= 0, "408 after " + waited);
        }
    }

    /** A POST with the right key announcing {@code length} bytes and sending only {@code partial}. */
    private static Socket post(long length, String partial) throws IOException {
        URI uri = server.http(PATH);
        Socket socket = new Socket(uri.getHost(), uri.getPort());
        socket.setSoTimeout((int) BODY_TIMEOUT.plus(SLACK).toMillis());
        String head = "POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nAuthorization: Bearer " + TestDeployment.API_KEY + "\r\nContent-Type: application/json"
                + "\r\nContent-Length: " + length + "\r\n\r\n";
        socket.getOutputStream().write((head + partial).getBytes(StandardCharsets.UTF_8));
        return socket;
    }

    /** The response's head and its Content-Length's worth of body (the connection may stay open). */
    private static String answer(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        while (!read.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return read.toString(StandardCharsets.UTF_8);
            }
            read.write(b);
        }
        Matcher length = CONTENT_LENGTH.matcher(read.toString(StandardCharsets.ISO_8859_1));
        if (length.find()) {
            read.write(in.readNBytes(Integer.parseInt(length.group(1))));
        }
        return read.toString(StandardCharsets.UTF_8);
    }
}

package dev.parley.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Extension;
import jakarta.websocket.RemoteEndpoint;

import org.glassfish.tyrus.ext.extension.deflate.PerMessageDeflateExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.parley.client.RecordingClient;
import dev.parley.metrics.Scrape;

/**
 * Tyrus's own client with its permessage-deflate extension ({@code tyrus-extension-deflate}) against Parley's
 * {@code /echo}. That extension ignores every parameter and keeps its compression context between messages in both
 * directions: it ignores the {@code client_no_context_takeover} Parley asks by default (RFC 7692 §7.1.1.2 says a client
 * that receives it MUST reset its context), so its second compressed message refers to the first one's window.
 * Parley's default then closes with 1007 (the data does not inflate without that window), never hangs; with
 * {@code --deflate-client-context on} Parley keeps the client's window and the echo series of whole messages passes
 * (0 B to 1 MiB, text and binary). Fragmented messages from it break RFC 7692 §6.1 (RSV1 on every frame): 1002.
 */
class TyrusDeflateClientIT {
    static final int[] SIZES = {0, 1, 125, 126, 65535, 65536, 100000, 1 << 20};

    @RegisterExtension
    static final RunningServer byDefault = new RunningServer(config -> config.withLimits(
            config.limits().withMaxMessageBytes(2 << 20)).withDeflate(config.deflate().withOn(true)));

    @RegisterExtension
    static final RunningServer clientContext = new RunningServer(config -> config.withLimits(
            config.limits().withMaxMessageBytes(2 << 20)).withDeflate(config.deflate().withOn(true)
            .withClientContext(true)));

    private static RecordingClient connect(RunningServer server) throws Exception {
        List<Extension> deflate = List.of(new PerMessageDeflateExtension());
        return RecordingClient.offering(server.ws("/echo"), deflate);
    }

    @Test
    void theDefaultClosesTyrusContextTakeoverWith1007() throws Exception {
        try (RecordingClient client = connect(byDefault)) {
            assertEquals("permessage-deflate", client.session().getNegotiatedExtensions().get(0).getName());
            String text = text(4000);
            client.send(text);
            assertEquals(text, client.nextText());
            CloseReason close = client.awaitCloseAfter(() -> client.send(text));
            assertEquals(1007, close.getCloseCode().getCode(), close.toString());
        }
    }

    @Test
    void withClientContextOnTheEchoSeriesOfWholeMessagesPasses() throws Exception {
        try (RecordingClient client = connect(clientContext)) {
            // Tyrus shows the extension by name; its parameters are not kept (it ignores them all)
            assertEquals("permessage-deflate", client.session().getNegotiatedExtensions().get(0).getName());
            RemoteEndpoint.Basic remote = client.session().getBasicRemote();
            for (int size : SIZES) {
                String text = text(size);
                remote.sendText(text);
                assertEquals(text, client.nextText(), "text " + size);
                byte[] data = binary(size);
                remote.sendBinary(ByteBuffer.wrap(data));
                assertArrayEquals(data, bytes(client.nextBinary()), "binary " + size);
            }
            client.send(text(4000));
            assertEquals(text(4000), client.nextText()); // and again, against the window of everything before
        }
    }

    /**
     * With the client's context kept, its inflater (charged as {@link InboundDeflate#INFLATER_BYTES}) stays in the
     * inbound budget while the connection is idle between messages, and leaves it at the close (docs/limits.md).
     */
    @Test
    void aKeptInflaterIsChargedToTheInboundBudgetUntilTheClose() throws Exception {
        double before = usedInbound();
        RecordingClient client = connect(clientContext);
        client.send(text(4000));
        assertEquals(text(4000), client.nextText());
        double held = usedInbound() - before;
        assertTrue(held >= InboundDeflate.INFLATER_BYTES, "inbound budget grew by " + held);
        client.close();
        client.awaitClose();
        // polled, bounded: the close runs on Grizzly's thread
        long deadline = System.nanoTime() + RecordingClient.WAIT.toNanos();
        while (usedInbound() - before >= InboundDeflate.INFLATER_BYTES && System.nanoTime() < deadline) {
            Thread.yield();
        }
        assertTrue(usedInbound() - before < InboundDeflate.INFLATER_BYTES, "still held after the close");
    }

    private static double usedInbound() throws Exception {
        return Scrape.of(clientContext.http("/metrics")).get("parley_inbound_budget_used_bytes");
    }

    /**
     * Tyrus's extension compresses each frame of a fragmented message on its own and sets RSV1 on every one; RFC 7692
     * §6.1 allows it on the first frame only, so Parley (as Node ws and python-websockets do) fails the connection
     * with 1002. Whole messages are all Tyrus's deflate client can send.
     */
    @ParameterizedTest(name = "binary: {0}")
    @ValueSource(booleans = {false, true})
    void tyrusFragmentsCarryRsv1OnEveryFrameAndAreClosedWith1002(boolean binary) throws Exception {
        try (RecordingClient client = connect(clientContext)) {
            RemoteEndpoint.Basic remote = client.session().getBasicRemote();
            String text = text(3000);
            byte[] data = binary(3000);
            CloseReason close = client.awaitCloseAfter(() -> {
                for (int i = 0; i < 3; i++) {
                    if (binary) {
                        remote.sendBinary(ByteBuffer.wrap(data, i * 1000, 1000), i == 2);
                    } else {
                        remote.sendText(text.substring(i * 1000, (i + 1) * 1000), i == 2);
                    }
                }
            });
            assertEquals(1002, close.getCloseCode().getCode(), close.toString());
        }
    }

    private static byte[] binary(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    static String text(int size) {
        String[] words = {"parley ", "deflate ", "message ", "wire ", "frame ", "\n"};
        StringBuilder text = new StringBuilder(size + 16);
        for (int i = 0; text.length() < size; i++) {
            text.append(words[(i * 7) % words.length]);
        }
        return text.substring(0, size);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.get(out);
        return out;
    }

}

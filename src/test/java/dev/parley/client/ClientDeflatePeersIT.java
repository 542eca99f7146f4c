package dev.parley.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import picocli.CommandLine;

import dev.parley.server.RunningServer;

/**
 * {@code parley client --deflate} in-process against real permessage-deflate servers ({@link DeflatePeer.Kind}),
 * against Parley's embedded server with its default ({@code --deflate on}), and with {@code --deflate off} (the client
 * goes on uncompressed and says so).
 */
class ClientDeflatePeersIT {
    @RegisterExtension
    static final RunningServer server = new RunningServer(config -> config.withDeflate(config.deflate().withOn(false)));

    @RegisterExtension
    static final RunningServer byDefault = new RunningServer();

    private final Lines out = new Lines();
    private final Lines err = new Lines();

    private int run(String... args) {
        return new CommandLine(new ClientCommand(InputStream.nullInputStream())).setOut(out.writer())
                .setErr(err.writer()).execute(args);
    }

    @ParameterizedTest
    @EnumSource(DeflatePeer.Kind.class)
    void showsTheNegotiatedParametersAndPrintsTheInflatedEchoes(DeflatePeer.Kind kind) {
        String longText = "parley ".repeat(2000);
        try (DeflatePeer peer = DeflatePeer.start(kind)) {
            int status = run("--deflate", peer.uri("/fragments").toString(), "-x", "hello", "-x", "你好，世界", "-x",
                    longText, "--wait", "2");
            assertEquals(0, status, err.all().toString());
            assertEquals(List.of("hello", "你好，世界", longText), out.all());
            List<String> state = err.all();
            assertTrue(state.stream().anyMatch(l -> l.startsWith("permessage-deflate negotiated: permessage-deflate")),
                    state.toString());
            // 14,000 bytes of a repeated word: compressed to a few dozen bytes each way
            assertTrue(state.contains("received 14000 bytes as " + wireOf(state, "received 14000") + " bytes on the wire"
                    + " (compressed)") && Long.parseLong(wireOf(state, "received 14000")) < 200, state.toString());
            assertTrue(Long.parseLong(wireOf(state, "sent 14000")) < 200, state.toString());
            assertEquals("closed: 1000", state.get(state.size() - 1));
        }
    }

    @Test
    void parleysDefaultServerNegotiatesItAndCompressesBothWays() {
        String longText = "parley ".repeat(2000);
        int status = run("--deflate", byDefault.ws("/echo").toString(), "-x", "hello", "-x", longText, "--wait", "2");
        assertEquals(0, status, err.all().toString());
        assertEquals(List.of("hello", longText), out.all());
        List<String> state = err.all();
        assertTrue(state.contains("permessage-deflate negotiated: permessage-deflate; server_no_context_takeover; "
                + "client_no_context_takeover (server window 15 bits, client window 15 bits)"), state.toString());
        assertTrue(Long.parseLong(wireOf(state, "received 14000")) < 200, state.toString());
        assertTrue(Long.parseLong(wireOf(state, "sent 14000")) < 200, state.toString());
        assertEquals("closed: 1000", state.get(state.size() - 1));
    }

    @Test
    void aServerWithoutDeflateIsTalkedToUncompressed() {
        int status = run("--deflate", server.ws("/echo").toString(), "-x", "hello", "--wait", "2");
        assertEquals(0, status, err.all().toString());
        assertEquals(List.of("hello"), out.all());
        assertTrue(err.all().contains("permessage-deflate not negotiated"), err.all().toString());
        assertTrue(err.all().contains("received 5 bytes as 7 bytes on the wire"), err.all().toString());
    }

    @Test
    void deflateRefusesWssAndReconnect() {
        assertEquals(2, run("--deflate", "--reconnect", server.ws("/echo").toString()));
        assertEquals(2, run("--deflate", "wss://127.0.0.1:1/echo"));
    }

    /** The wire byte count of the status line that starts with {@code prefix}. */
    private static String wireOf(List<String> state, String prefix) {
        String line = state.stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
        return line.replaceAll(".* as (\\d+) bytes on the wire.*", "$1");
    }
}

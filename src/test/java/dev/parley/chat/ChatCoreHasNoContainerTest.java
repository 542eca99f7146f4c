package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The chat's core knows no WebSocket container: only its adapters (the endpoint, its handshake, the delivery over
 * {@code Sessions}) touch {@code jakarta.websocket} or look sessions up ({@code Sessions.of}); everything else reaches
 * connections through the injected {@link ChatDelivery}, so it runs in a unit test. Checked on the sources (comments
 * aside).
 */
class ChatCoreHasNoContainerTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/parley/chat");
    /** The container adapters of the chat. */
    private static final Set<String> ADAPTERS = Set.of("ChatEndpoint.java", "ChatHandshake.java",
            "SessionDelivery.java");
    private static final Pattern FORBIDDEN = Pattern.compile(
            "\\b(jakarta\\.websocket\\.|javax\\.websocket\\.|org\\.glassfish\\.|Sessions\\.of\\b)");

    @Test
    void thePatternCatchesWhatItIsFor() {
        assertTrue(FORBIDDEN.matcher("import jakarta.websocket.Session;").find());
        assertTrue(FORBIDDEN.matcher("import org.glassfish.tyrus.core.TyrusSession;").find());
        assertTrue(FORBIDDEN.matcher("OutboundQueue out = Sessions.of(session).outbound(session);").find());
        assertFalse(FORBIDDEN.matcher("import dev.parley.session.OutboundMessage;").find());
        assertFalse(FORBIDDEN.matcher("private final Map<C, ChatSession> sessions;").find());
    }

    @Test
    void onlyTheAdaptersTouchTheContainer() throws IOException {
        List<String> offences = new ArrayList<>();
        int files = 0;
        try (Stream<Path> paths = Files.list(SOURCES)) {
            for (Path path : (Iterable<Path>) paths.filter(p -> p.toString().endsWith(".java"))::iterator) {
                if (ADAPTERS.contains(path.getFileName().toString())) {
                    continue;
                }
                files++;
                List<String> lines = Files.readAllLines(path);
                for (int i = 0; i < lines.size(); i++) {
                    String code = lines.get(i).strip();
                    if (!code.startsWith("*") && !code.startsWith("/*") && FORBIDDEN.matcher(code).find()) {
                        offences.add(path.getFileName() + ":" + (i + 1) + " " + lines.get(i).strip());
                    }
                }
            }
        }
        assertTrue(files >= 20, "found only " + files + " sources under " + SOURCES.toAbsolutePath());
        assertEquals(List.of(), offences);
    }
}

package dev.parley.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The codec does no I/O: no sockets, streams, channels, files, and nothing of the WebSocket containers. Checked on the
 * sources, imports and fully qualified names alike.
 */
class WirePackageHasNoIoTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/parley/wire");
    private static final Pattern FORBIDDEN = Pattern.compile(
            "\\b(java\\.net\\.|java\\.io\\.|java\\.nio\\.channels\\.|java\\.nio\\.file\\.|jakarta\\.|javax\\.websocket|"
                    + "org\\.glassfish\\.|java\\.lang\\.Thread\\b)");

    @Test
    void thePatternCatchesWhatItIsFor() {
        assertTrue(FORBIDDEN.matcher("import java.net.Socket;").find());
        assertTrue(FORBIDDEN.matcher("import java.io.InputStream;").find());
        assertTrue(FORBIDDEN.matcher("java.nio.channels.SocketChannel ch;").find());
        assertTrue(FORBIDDEN.matcher("import jakarta.websocket.Session;").find());
        assertTrue(FORBIDDEN.matcher("import org.glassfish.tyrus.core.Frame;").find());
        assertTrue(!FORBIDDEN.matcher("import java.nio.ByteBuffer;").find());
    }

    @Test
    void wireSourcesUseNoIoPackages() throws IOException {
        List<String> offences = new ArrayList<>();
        int files = 0;
        try (Stream<Path> paths = Files.list(SOURCES)) {
            for (Path path : (Iterable<Path>) paths.filter(p -> p.toString().endsWith(".java"))::iterator) {
                files++;
                List<String> lines = Files.readAllLines(path);
                for (int i = 0; i < lines.size(); i++) {
                    String code = lines.get(i).replaceAll("//.*", "");
                    Matcher matcher = FORBIDDEN.matcher(code);
                    if (matcher.find()) {
                        offences.add(path.getFileName() + ":" + (i + 1) + " " + lines.get(i).strip());
                    }
                }
            }
        }
        assertTrue(files >= 20, "found only " + files + " sources under " + SOURCES.toAbsolutePath());
        assertEquals(List.of(), offences);
    }
}

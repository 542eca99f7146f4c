package dev.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The application core runs in either container: nothing of Tyrus or Grizzly (the embedded server's) and nothing of
 * the servlet API (the WAR's) in {@code dev.parley.app}; each container's adapter sits in its own package. Checked on
 * the sources, imports and fully qualified names alike.
 */
class AppPackageIsPortableTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/parley/app");
    private static final Pattern FORBIDDEN = Pattern.compile(
            "\\b(org\\.glassfish\\.|jakarta\\.servlet\\.|dev\\.parley\\.server\\.|dev\\.parley\\.war\\.)");

    @Test
    void thePatternCatchesWhatItIsFor() {
        assertTrue(FORBIDDEN.matcher("import org.glassfish.grizzly.http.server.Request;").find());
        assertTrue(FORBIDDEN.matcher("import jakarta.servlet.http.HttpServletRequest;").find());
        assertTrue(FORBIDDEN.matcher("import dev.parley.server.Config;").find());
        assertFalse(FORBIDDEN.matcher("import jakarta.websocket.server.ServerContainer;").find());
    }

    @Test
    void appSourcesUseNoContainerInternals() throws IOException {
        List<String> offences = new ArrayList<>();
        int files = 0;
        try (Stream<Path> paths = Files.list(SOURCES)) {
            for (Path path : (Iterable<Path>) paths.filter(p -> p.toString().endsWith(".java"))::iterator) {
                files++;
                List<String> lines = Files.readAllLines(path);
                for (int i = 0; i < lines.size(); i++) {
                    String code = lines.get(i).replaceAll("//.*", "");
                    if (code.strip().startsWith("*")) { // Javadoc may name the adapters
                        continue;
                    }
                    if (FORBIDDEN.matcher(code).find()) {
                        offences.add(path.getFileName() + ":" + (i + 1) + " " + lines.get(i).strip());
                    }
                }
            }
        }
        assertTrue(files >= 8, "found only " + files + " sources under " + SOURCES.toAbsolutePath());
        assertEquals(List.of(), offences);
    }
}

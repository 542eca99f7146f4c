package dev.parley;

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

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Container internals live in one room: only the embedded-only package {@code dev.parley.server} (and the tools,
 * which are no part of the WAR) may touch Tyrus or Grizzly. The packages that ship in the WAR use JSR 356 and, in
 * {@code war} alone, the Servlet API; none of them reaches into the embedded server. Checked on the sources, imports
 * and fully qualified names alike, string literals and comments left out.
 */
class ContainerBoundaryTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/parley");
    /** Tyrus, Grizzly, or the embedded-only package. */
    private static final Pattern CONTAINER = Pattern.compile("\\b(org\\.glassfish\\.|dev\\.parley\\.server\\.)");
    private static final Pattern SERVLET = Pattern.compile("\\bjakarta\\.servlet\\.");

    @Test
    void thePatternsCatchWhatTheyAreFor() {
        assertTrue(CONTAINER.matcher(code("import org.glassfish.tyrus.core.TyrusSession;")).find());
        assertTrue(CONTAINER.matcher(code("x instanceof org.glassfish.grizzly.Buffer b")).find());
        assertTrue(CONTAINER.matcher(code("import dev.parley.server.Tuning;")).find());
        assertTrue(SERVLET.matcher(code("import jakarta.servlet.Filter;")).find());
        assertFalse(CONTAINER.matcher(code("String p = \"org.glassfish.tyrus.servlet.incoming-buffer-size\";")).find());
        assertFalse(CONTAINER.matcher(code("// reads org.glassfish.tyrus.core.TyrusSession")).find());
        assertFalse(CONTAINER.matcher(code("import jakarta.websocket.Session;")).find());
    }

    @ParameterizedTest
    @ValueSource(strings = {"broadcast", "chat", "echo", "metrics", "origin", "session", "settings", "war", "wire"})
    void aPackageOfTheWarTouchesNoContainerInternals(String pkg) throws IOException {
        assertEquals(List.of(), offences(pkg, CONTAINER));
    }

    @ParameterizedTest
    @ValueSource(strings = {"broadcast", "chat", "echo", "metrics", "origin", "session", "settings", "wire"})
    void onlyTheWarsBootstrapKnowsServlets(String pkg) throws IOException {
        assertEquals(List.of(), offences(pkg, SERVLET));
    }

    private static List<String> offences(String pkg, Pattern forbidden) throws IOException {
        Path dir = SOURCES.resolve(pkg);
        List<String> offences = new ArrayList<>();
        int files = 0;
        try (Stream<Path> paths = Files.list(dir)) {
            for (Path path : (Iterable<Path>) paths.filter(p -> p.toString().endsWith(".java"))::iterator) {
                files++;
                List<String> lines = Files.readAllLines(path);
                boolean inComment = false;
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (inComment || line.strip().startsWith("/*") || line.strip().startsWith("*")) {
                        inComment = !line.contains("*/");
                        continue;
                    }
                    if (forbidden.matcher(code(line)).find()) {
                        offences.add(path.getFileName() + ":" + (i + 1) + " " + line.strip());
                    }
                }
            }
        }
        assertTrue(files > 0, "no sources under " + dir.toAbsolutePath());
        return offences;
    }

    /** The line without string literals and a trailing line comment. */
    private static String code(String line) {
        return line.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"").replaceAll("//.*", "");
    }
}

package dev.parley;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * docs/limits.md's tables that name constants: where a row names one ({@code `RedisLink.REQUEST_QUEUE_MARGIN`}), the
 * first constant it names is the first number of its Default column (a {@link Duration} in the unit written after
 * the number: {@code 45 s}). Rows naming settings are checked by {@code DocumentedDefaultsTest}.
 */
class LimitConstantsDocumentedTest {
    private static final Pattern CONSTANT = Pattern.compile("`([A-Z][A-Za-z]+)\\.([A-Z][A-Z_]+)`");
    private static final Pattern NUMBER = Pattern.compile("^([0-9][0-9,]*)( s\\b)?");

    @ParameterizedTest
    @CsvSource({"'## Redis down or slow', 'dev.parley.redis dev.parley.chat', 4",
            "'## Socket.IO', dev.parley.socketio, 6", "'## Chat requests waiting', dev.parley.chat, 2",
            "'## Admin', 'dev.parley.admin dev.parley.chat', 7",
            "'## Outgoing compression', dev.parley.session, 2"})
    void theConstantsASectionStatesAreTheCodes(String section, String packages, int rows) throws Exception {
        int checked = 0;
        int defaultColumn = -1;
        boolean inSection = false;
        for (String line : Files.readAllLines(Path.of("docs", "limits.md"))) {
            if (line.startsWith("## ")) {
                inSection = line.startsWith(section);
                continue;
            }
            if (!inSection || !line.startsWith("|") || line.startsWith("|---")) {
                continue;
            }
            String[] cells = line.split("\\|");
            if (defaultColumn < 0) { // the header
                for (int i = 1; i < cells.length; i++) {
                    defaultColumn = cells[i].strip().startsWith("Default") ? i : defaultColumn;
                }
                continue;
            }
            Matcher constant = CONSTANT.matcher(cells[1]);
            if (!constant.find()) {
                continue;
            }
            Matcher number = NUMBER.matcher(cells[defaultColumn].strip());
            assertTrue(number.find(), "no number as the default of " + line);
            long stated = Long.parseLong(number.group(1).replace(",", ""));
            Object value = value(List.of(packages.split(" ")), constant.group(1), constant.group(2));
            long actual = value instanceof Duration d ? (number.group(2) != null ? d.toSeconds() : d.toMillis())
                    : ((Number) value).longValue();
            assertEquals(actual, stated, line);
            checked++;
        }
        assertTrue(checked >= rows, section + " states " + checked + " constants");
    }

    private static Object value(List<String> packages, String className, String field)
            throws ReflectiveOperationException {
        for (String pkg : packages) {
            try {
                Field f = Class.forName(pkg + "." + className).getDeclaredField(field);
                f.setAccessible(true);
                return f.get(null);
            } catch (ClassNotFoundException notHere) {
                // the next package
            }
        }
        throw new AssertionError("no class " + className + " in " + packages);
    }
}

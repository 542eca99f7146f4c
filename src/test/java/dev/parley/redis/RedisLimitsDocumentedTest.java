package dev.parley.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * docs/limits.md, "Redis down or slow": where a row names a constant ({@code `RedisLink.REQUEST_QUEUE`}), the first
 * constant it names is the first number of its Default column. (Rows naming settings are checked by
 * {@code DocumentedDefaultsTest}.)
 */
class RedisLimitsDocumentedTest {
    private static final Pattern CONSTANT = Pattern.compile("`([A-Z][A-Za-z]+)\\.([A-Z][A-Z_]+)`");
    private static final Pattern NUMBER = Pattern.compile("^([0-9][0-9,]*)");
    private static final List<String> PACKAGES = List.of("dev.parley.redis", "dev.parley.chat");

    @Test
    void theConstantsTheRedisTableStatesAreTheCodes() throws Exception {
        int checked = 0;
        int defaultColumn = -1;
        boolean inSection = false;
        for (String line : Files.readAllLines(Path.of("docs", "limits.md"))) {
            if (line.startsWith("## ")) {
                inSection = line.startsWith("## Redis down or slow");
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
            assertEquals(value(constant.group(1), constant.group(2)),
                    Long.parseLong(number.group(1).replace(",", "")), line);
            checked++;
        }
        assertTrue(checked >= 4, "the table states " + checked + " constants");
    }

    private static long value(String className, String field) throws ReflectiveOperationException {
        for (String pkg : PACKAGES) {
            try {
                Field f = Class.forName(pkg + "." + className).getDeclaredField(field);
                f.setAccessible(true);
                return ((Number) f.get(null)).longValue();
            } catch (ClassNotFoundException notHere) {
                // the next package
            }
        }
        throw new AssertionError("no class " + className + " in " + PACKAGES);
    }
}

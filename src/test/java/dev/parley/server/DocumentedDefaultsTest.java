package dev.parley.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The README's configuration table is the program's: every {@code serve} option has a row, with the default and
 * the environment variable the program really uses, and {@code serve} without options runs with the defaults the
 * code declares ({@link Config#defaults()}).
 */
class DocumentedDefaultsTest {
    /** A row: | `--a N`, `--b M` [`ENV_A`, `ENV_B`] | `1`, `2` | meaning | */
    private static final Pattern ROW = Pattern.compile("^\\| (`--.*?) \\| (.*?) \\|");
    private static final Pattern OPTION = Pattern.compile("`(--[a-z-]+)[^`]*`");
    private static final Pattern ENV = Pattern.compile("`(PARLEY_[A-Z_]+)`");
    private static final Pattern ENV_DEFAULT = Pattern.compile("^\\$\\{env:(PARLEY_[A-Z_]+)(?::-(.*))?}$");
    private static final Pattern VALUE = Pattern.compile("`([^`]*)`");

    private record Row(List<String> options, List<String> envs, List<String> defaults, String defaultColumn) {
    }

    @Test
    void everyServeOptionHasAReadmeRowWithItsDefaultAndEnvironmentVariable() throws IOException {
        Map<String, Row> rows = readmeRows();
        for (OptionSpec option : serveOptions()) {
            String name = option.longestName();
            Row row = rows.get(name);
            assertTrue(row != null, "README's configuration table has no row for " + name);
            Matcher declared = ENV_DEFAULT.matcher(option.defaultValue());
            assertTrue(declared.matches(), name + " takes no environment variable: " + option.defaultValue());
            int index = row.options().indexOf(name);
            assertEquals(declared.group(1), row.envs().get(index), "README's environment variable for " + name);
            String documented = row.defaults().isEmpty() ? row.defaultColumn()
                    : row.defaults().get(Math.min(index, row.defaults().size() - 1));
            String actual = declared.group(2);
            if (actual == null) {
                assertFalse(documented.matches("\\d.*"), name + " has no default, README says " + documented);
            } else {
                assertEquals(actual, documented, "README's default for " + name);
            }
        }
    }

    @Test
    void serveWithoutOptionsRunsOnTheDefaultsTheCodeDeclares() {
        ServeCommand serve = new ServeCommand();
        new CommandLine(serve).parseArgs();
        Config parsed = serve.config();
        Config defaults = Config.defaults();
        assertEquals(defaults.limits(), parsed.limits());
        assertEquals(defaults.chat(), parsed.chat());
        assertEquals(defaults.shutdownGrace(), parsed.shutdownGrace());
        assertEquals(defaults.host(), parsed.host());
        assertEquals(defaults.port(), parsed.port());
        assertEquals(defaults.http(), parsed.http());
    }

    private static List<OptionSpec> serveOptions() {
        List<OptionSpec> options = new ArrayList<>();
        for (OptionSpec option : new CommandLine(new ServeCommand()).setInterpolateVariables(false).getCommandSpec().options()) {
            if (!option.usageHelp() && !option.versionHelp()) {
                options.add(option);
            }
        }
        assertFalse(options.isEmpty());
        return options;
    }

    private static Map<String, Row> readmeRows() throws IOException {
        Map<String, Row> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            Matcher row = ROW.matcher(line);
            if (!row.find()) {
                continue;
            }
            Row parsed = new Row(all(OPTION, row.group(1)), all(ENV, row.group(1)), all(VALUE, row.group(2)),
                    row.group(2));
            assertEquals(parsed.options().size(), parsed.envs().size(),
                    "every option in this README row needs its environment variable: " + line);
            parsed.options().forEach(option -> rows.put(option, parsed));
        }
        return rows;
    }

    private static List<String> all(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}

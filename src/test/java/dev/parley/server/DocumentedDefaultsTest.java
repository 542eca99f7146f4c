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
    private static final Pattern WAR_PARAMETER = Pattern.compile("`parley\\.([a-z-]+)`");

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

    /** docs/deploy.md's table of the WAR's context parameters gives each one the default of its serve option. */
    @Test
    void theWarParametersInDeployMdHaveTheServeDefaults() throws IOException {
        Map<String, OptionSpec> options = new LinkedHashMap<>();
        serveOptions().forEach(option -> options.put(option.longestName(), option));
        int checked = 0;
        for (String line : Files.readAllLines(Path.of("docs", "deploy.md"))) {
            String[] cells = line.split("\\|");
            if (cells.length < 4 || !cells[1].contains("`parley.")) {
                continue;
            }
            List<String> names = all(WAR_PARAMETER, cells[1]);
            List<String> defaults = splitOutsideParentheses(cells[3].trim());
            for (int i = 0; i < names.size(); i++) {
                OptionSpec option = options.get("--" + names.get(i));
                assertTrue(option != null, "deploy.md names parley." + names.get(i) + ", which no serve option has");
                String documented = defaults.get(Math.min(i, defaults.size() - 1)).split(" ")[0];
                Matcher declared = ENV_DEFAULT.matcher(option.defaultValue());
                assertTrue(declared.matches(), option.defaultValue());
                if (declared.group(2) == null) {
                    assertFalse(documented.matches("\\d.*"), "parley." + names.get(i) + " has no default, deploy.md"
                            + " says " + documented);
                } else {
                    assertEquals(declared.group(2), documented.replaceAll("[^0-9.]", ""),
                            "deploy.md's default for parley." + names.get(i));
                }
                checked++;
            }
        }
        assertTrue(checked >= 15, "deploy.md's table has only " + checked + " parameters");
    }

    private static List<String> splitOutsideParentheses(String cell) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < cell.length(); i++) {
            char c = cell.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == ',' && depth == 0) {
                parts.add(cell.substring(start, i).trim());
                start = i + 1;
            }
        }
        parts.add(cell.substring(start).trim());
        return parts;
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

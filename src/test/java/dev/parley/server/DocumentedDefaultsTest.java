package dev.parley.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

import dev.parley.settings.Setting;
import dev.parley.settings.Unit;

/**
 * The documents' settings tables are the declared settings ({@link Setting}): README.md's configuration table has a
 * row for every setting, with its option, unit, environment variable, default and whether the WAR reads it;
 * docs/deploy.md's table of context parameters has every WAR setting with its default and nothing else; a default
 * docs/limits.md states in a table is the declared one. And {@code serve} without options runs on the defaults the
 * code declares ({@link Config#defaults()}).
 */
class DocumentedDefaultsTest {
    /** A row: | `--a N`, `--b M` [`ENV_A`, `ENV_B`] | `1`, `2` | yes | meaning | */
    private static final Pattern README_ROW = Pattern.compile("^\\| (`--.*?) \\| (.*?) \\| (.*?) \\|");
    private static final Pattern OPTION = Pattern.compile("`--([a-z-]+) ([^`]*)`");
    private static final Pattern ENV = Pattern.compile("`(PARLEY_[A-Z_]+)`");
    private static final Pattern VALUE = Pattern.compile("`([^`]*)`");
    private static final Pattern WAR_PARAMETER = Pattern.compile("`parley\\.([a-z-]+)`");
    private static final Pattern SERVE_OPTION = Pattern.compile("`--([a-z-]+)`");
    /** A number as the docs write one, with its unit: 1 MiB, 10 s, 500/s, 10,000. */
    private static final Pattern QUANTITY =
            Pattern.compile("(\\d[\\d,]*(?:\\.\\d+)?)(?:\\s*(KiB|MiB|ms|min|s\\b|/s))?");

    @Test
    void readmeHasARowForEverySettingWithItsUnitVariableDefaultAndScope() throws IOException {
        Set<Setting> documented = EnumSet.noneOf(Setting.class);
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            Matcher row = README_ROW.matcher(line);
            if (!row.find()) {
                continue;
            }
            List<Setting> settings = new ArrayList<>();
            Matcher option = OPTION.matcher(row.group(1));
            while (option.find()) {
                Setting setting = setting(option.group(1), "README.md", line);
                assertTrue(option.group(2).startsWith(setting.unit().label()),
                        "README.md: " + setting.option() + " takes " + setting.unit().label() + ": " + line);
                settings.add(setting);
            }
            assertEquals(settings.stream().map(Setting::environmentVariable).toList(), all(ENV, row.group(1)),
                    "README.md's environment variables: " + line);
            List<String> defaults = all(VALUE, row.group(2));
            for (int i = 0; i < settings.size(); i++) {
                String stated = defaults.isEmpty() ? row.group(2) : defaults.get(Math.min(i, defaults.size() - 1));
                assertDefault(settings.get(i), stated, "README.md");
            }
            boolean war = settings.get(0).appliesToWar();
            assertTrue(settings.stream().allMatch(s -> s.appliesToWar() == war), "one row, one scope: " + line);
            assertEquals(war ? "yes" : "no", row.group(3).strip(), "README.md's WAR column: " + line);
            documented.addAll(settings);
        }
        assertEquals(EnumSet.allOf(Setting.class), documented, "README.md's configuration table");
    }

    @Test
    void deployMdListsEveryWarSettingWithItsDefaultAndNothingElse() throws IOException {
        Set<Setting> documented = EnumSet.noneOf(Setting.class);
        for (String line : Files.readAllLines(Path.of("docs", "deploy.md"))) {
            String[] cells = line.split("\\|");
            if (cells.length < 4 || !cells[1].contains("`parley.")) {
                continue;
            }
            List<String> names = all(WAR_PARAMETER, cells[1]);
            List<String> defaults = splitOutsideParentheses(cells[3].trim());
            for (int i = 0; i < names.size(); i++) {
                Setting setting = setting(names.get(i), "docs/deploy.md", line);
                assertTrue(setting.appliesToWar(), "docs/deploy.md names " + setting.contextParameter()
                        + ", which the WAR does not read (embedded only)");
                assertDefault(setting, defaults.get(Math.min(i, defaults.size() - 1)).split(" ")[0],
                        "docs/deploy.md");
                documented.add(setting);
            }
            List<String> options = all(SERVE_OPTION, cells[2]);
            assertTrue(options.isEmpty() || options.equals(names), "docs/deploy.md's serve option column: " + line);
        }
        Set<Setting> war = EnumSet.noneOf(Setting.class);
        Arrays.stream(Setting.values()).filter(Setting::appliesToWar).forEach(war::add);
        assertEquals(war, documented, "docs/deploy.md's table of context parameters");
    }

    /**
     * Where a row of a table with a Default column in docs/limits.md or docs/protocol.md names settings (in a cell
     * before the default, or in parentheses after it: {@code 64 (`--max-connections-per-address`)}) and the default
     * starts with a number, the numbers are the declared defaults in the row's order ({@code 500/s, burst 1000}),
     * units converted ({@code 1 MiB}, {@code 10 s}). A default derived from the heap (declared 0) is words, skipped.
     */
    @Test
    void theDefaultsLimitsMdAndProtocolMdStateAreTheDeclaredOnes() throws IOException {
        int limits = checkStatedDefaults(Path.of("docs", "limits.md"));
        assertTrue(limits >= 13, "docs/limits.md states " + limits + " defaults");
        int protocol = checkStatedDefaults(Path.of("docs", "protocol.md"));
        assertTrue(protocol >= 15, "docs/protocol.md states " + protocol + " defaults");
    }

    /** Checks the defaults {@code document}'s tables state; returns how many it checked. */
    private static int checkStatedDefaults(Path document) throws IOException {
        int checked = 0;
        int defaultColumn = -1;
        boolean inTable = false;
        for (String line : Files.readAllLines(document)) {
            String[] cells = line.split("\\|");
            if (!line.startsWith("|")) {
                inTable = false;
                continue;
            }
            if (!inTable) { // the header
                inTable = true;
                defaultColumn = -1;
                for (int i = cells.length - 1; i > 0; i--) {
                    defaultColumn = cells[i].strip().startsWith("Default") ? i : defaultColumn;
                }
                continue;
            }
            if (defaultColumn < 0 || cells.length <= defaultColumn || line.startsWith("|---")) {
                continue;
            }
            String stated = cells[defaultColumn].strip();
            List<String> named = all(SERVE_OPTION, String.join("|", Arrays.copyOfRange(cells, 1, defaultColumn)));
            int settingsAt = stated.indexOf(" (`--");
            if (named.isEmpty() && settingsAt > 0 && stated.endsWith(")")) {
                named = all(SERVE_OPTION, stated.substring(settingsAt));
                stated = stated.substring(0, settingsAt);
            }
            if (named.isEmpty() || stated.isEmpty() || !Character.isDigit(stated.charAt(0))) {
                continue;
            }
            Matcher quantity = QUANTITY.matcher(stated);
            for (String name : named) {
                Setting setting = setting(name, document.toString(), line);
                if ("0".equals(setting.defaultValue()) && !stated.startsWith("0")) {
                    continue;
                }
                assertTrue(quantity.find(), document + " states no default for " + setting.option() + ": " + line);
                assertEquals(Double.parseDouble(setting.defaultValue()), inUnit(setting.unit(), quantity),
                        document + "'s default for " + setting.option() + ": " + line);
                checked++;
            }
        }
        return checked;
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
        assertEquals(defaults.deflate(), parsed.deflate());
    }

    /** The setting a document names {@code name}; fails when there is none. */
    private static Setting setting(String name, String document, String line) {
        return Arrays.stream(Setting.values()).filter(s -> s.key().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(document + " names a setting that does not exist: " + name
                        + " in " + line));
    }

    /** A stated default: the declared one, or for a setting without one, not a number ("none"). */
    private static void assertDefault(Setting setting, String stated, String document) {
        if (setting.defaultValue() == null) {
            assertFalse(stated.matches("\\d.*"), setting.key() + " has no default, " + document + " says " + stated);
        } else if (!setting.defaultValue().matches("[0-9.]+")) { // a word such as off
            assertEquals(setting.defaultValue(), stated.replace("`", "").strip(), document + "'s default for "
                    + setting.key());
        } else {
            assertEquals(setting.defaultValue(), stated.replaceAll("[^0-9.]", ""),
                    document + "'s default for " + setting.key());
        }
    }

    /** The quantity a doc states, in the setting's unit: bytes from KiB and MiB, milliseconds from s and min. */
    private static double inUnit(Unit unit, Matcher quantity) {
        double number = Double.parseDouble(quantity.group(1).replace(",", ""));
        String written = quantity.group(2) == null ? "" : quantity.group(2);
        Unit expected = switch (written) {
            case "" -> unit;
            case "/s" -> Unit.PER_SECOND;
            case "KiB", "MiB" -> Unit.BYTES;
            default -> Unit.MILLIS;
        };
        assertEquals(expected, unit, "'" + quantity.group() + "' for a setting in " + unit);
        return number * switch (written) {
            case "KiB" -> 1024;
            case "MiB" -> 1024 * 1024;
            case "s" -> 1000;
            case "min" -> 60_000;
            default -> 1;
        };
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

    private static List<String> all(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}

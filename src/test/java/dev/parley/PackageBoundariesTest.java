package dev.parley;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The packages keep to docs/architecture.md: each main class names only the {@code dev.parley} packages and the
 * container APIs its package's row allows, and none of what the narrower rules forbid (the codec does no I/O; the
 * chat's core knows no container). A package in the WAR imports nothing left out of it and no Tyrus or Grizzly, the
 * WAR column is pom.xml's exclude list, and the imports between packages have no cycle. Checked on the sources,
 * imports and fully qualified names alike, comments and string literals left out.
 */
class PackageBoundariesTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/parley");
    private static final Path DOC = Path.of("docs/architecture.md");
    private static final String ROOT = "dev.parley";
    /** The container APIs the table's "may use" column speaks of; {@code javax.websocket} is the old name. */
    private static final Map<String, Pattern> APIS = Map.of(
            "jakarta.websocket", Pattern.compile("\\b(jakarta|javax)\\.websocket\\b"),
            "jakarta.servlet", Pattern.compile("\\bjakarta\\.servlet\\b"),
            "org.glassfish", Pattern.compile("\\borg\\.glassfish\\b"));
    private static final Pattern PARLEY = Pattern.compile("\\bdev\\.parley\\.(?:([a-z]\\w*)\\.|[A-Z])");
    private static final Pattern TICKED = Pattern.compile("`([^`]+)`");

    /** One row of the packages table. */
    record Row(String pkg, Set<String> imports, Set<String> uses, boolean inWar) {
        @Override
        public String toString() {
            return pkg;
        }
    }

    /** One row of the narrower rules: in {@code pkg}, but the classes {@code except}, none of {@code forbidden}. */
    record Rule(String pkg, Set<String> except, List<String> forbidden) {
    }

    static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (List<String> cells : table("| package |")) {
            rows.add(new Row(ticked(cells.get(0)).get(0), new TreeSet<>(ticked(cells.get(2))),
                    new TreeSet<>(ticked(cells.get(3))), cells.get(4).equals("yes")));
        }
        return rows;
    }

    static List<Rule> rules() {
        List<Rule> rules = new ArrayList<>();
        for (List<String> cells : table("| classes |")) {
            List<String> classes = ticked(cells.get(0));
            rules.add(new Rule(classes.get(0), Set.copyOf(classes.subList(1, classes.size())), ticked(cells.get(1))));
        }
        return rules;
    }

    @ParameterizedTest
    @MethodSource("rows")
    void aPackageUsesOnlyWhatItsRowAllows(Row row) {
        List<String> offences = new ArrayList<>();
        Map<Path, List<String>> sources = sources(row.pkg());
        assertFalse(sources.isEmpty(), "no sources for " + row.pkg());
        List<Rule> rules = rules().stream().filter(rule -> rule.pkg().equals(row.pkg())).toList();
        sources.forEach((file, lines) -> {
            String name = file.getFileName().toString().replace(".java", "");
            for (int i = 0; i < lines.size(); i++) {
                String where = name + ".java:" + (i + 1) + " ";
                for (String used : parleyPackages(lines.get(i))) {
                    if (!used.equals(row.pkg()) && !row.imports().contains(used)) {
                        offences.add(where + "imports " + used);
                    }
                }
                for (Map.Entry<String, Pattern> api : APIS.entrySet()) {
                    if (!row.uses().contains(api.getKey()) && api.getValue().matcher(lines.get(i)).find()) {
                        offences.add(where + "uses " + api.getKey());
                    }
                }
                for (Rule rule : rules) {
                    for (String forbidden : rule.forbidden()) {
                        if (!rule.except().contains(name) && named(forbidden).matcher(lines.get(i)).find()) {
                            offences.add(where + "uses " + forbidden);
                        }
                    }
                }
            }
        });
        assertEquals(List.of(), offences, "docs/architecture.md's row for " + row.pkg());
    }

    @Test
    void everyPackageHasOneRow() throws IOException {
        Set<String> packages = new TreeSet<>(Set.of(ROOT));
        try (Stream<Path> dirs = Files.list(SOURCES)) {
            dirs.filter(Files::isDirectory).forEach(dir -> packages.add(dir.getFileName().toString()));
        }
        List<String> rows = rows().stream().map(Row::pkg).sorted().toList();
        assertEquals(List.copyOf(packages), rows);
        for (Row row : rows()) {
            assertTrue(packages.containsAll(row.imports()), row + " may import " + row.imports());
            assertTrue(APIS.keySet().containsAll(row.uses()), row + " may use " + row.uses());
        }
        for (Rule rule : rules()) {
            assertTrue(packages.contains(rule.pkg()), "a rule for " + rule.pkg());
            for (String except : rule.except()) {
                assertTrue(Files.exists(SOURCES.resolve(rule.pkg()).resolve(except + ".java")), except);
            }
        }
    }

    @Test
    void theWarColumnIsPomXmlsExcludeList() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher excludes = Pattern.compile("<packagingExcludes>(.*?)</packagingExcludes>", Pattern.DOTALL).matcher(pom);
        assertTrue(excludes.find(), "pom.xml has no packagingExcludes");
        Set<String> excluded = new TreeSet<>();
        for (String entry : excludes.group(1).split(",")) {
            Matcher pkg = Pattern.compile("WEB-INF/classes/dev/parley/(\\w+)/\\*\\*").matcher(entry.strip());
            if (pkg.matches()) {
                excluded.add(pkg.group(1));
            } else if (entry.strip().equals("WEB-INF/classes/dev/parley/*.class")) {
                excluded.add(ROOT);
            }
        }
        Set<String> notInWar = new TreeSet<>();
        rows().stream().filter(row -> !row.inWar()).forEach(row -> notInWar.add(row.pkg()));
        assertEquals(notInWar, excluded);
    }

    /** What the WAR carries runs on the app server's Tyrus through JSR 356 alone, and finds every class it names. */
    @Test
    void aWarPackageNeedsNothingLeftOutOfTheWar() {
        Map<String, Row> rows = new LinkedHashMap<>();
        rows().forEach(row -> rows.put(row.pkg(), row));
        for (Row row : rows.values()) {
            if (row.inWar()) {
                assertFalse(row.uses().contains("org.glassfish"), row + " is in the WAR and may use Tyrus");
                for (String imported : row.imports()) {
                    assertTrue(rows.get(imported).inWar(), row + " is in the WAR and may import " + imported);
                }
            }
        }
    }

    /** Dependencies point one way: no package reaches itself through the others, as allowed or as written. */
    @Test
    void packagesImportEachOtherWithoutCycles() {
        Map<String, Set<String>> allowed = new TreeMap<>();
        Map<String, Set<String>> actual = new TreeMap<>();
        for (Row row : rows()) {
            allowed.put(row.pkg(), row.imports());
            Set<String> used = new TreeSet<>();
            sources(row.pkg()).values().forEach(lines -> lines.forEach(line -> used.addAll(parleyPackages(line))));
            used.remove(row.pkg());
            actual.put(row.pkg(), used);
        }
        assertEquals(List.of(), cycle(allowed), "docs/architecture.md allows a cycle");
        assertEquals(List.of(), cycle(actual), "the sources have a cycle");
    }

    @Test
    void theScannerFindsImportsAndNamesButNotCommentsOrStrings() {
        assertEquals(Set.of("server"), parleyPackages("import dev.parley.server.Tuning;"));
        assertEquals(Set.of("settings"), parleyPackages("import static dev.parley.settings.Setting.*;"));
        assertEquals(Set.of(ROOT), parleyPackages("import dev.parley.Parley;"));
        assertEquals(Set.of("war"), parleyPackages("x = new dev.parley.war.RouteServlet(routes);"));
        assertEquals(Set.of(), parleyPackages("package dev.parley.chat;"));
        List<String> code = code(List.of("/** {@link dev.parley.server.Tuning}", " * org.glassfish.tyrus */",
                "String p = \"org.glassfish.tyrus.servlet.incoming-buffer-size\"; // dev.parley.server.X",
                "String q = \"\"\"", "  jakarta.servlet.Filter", "  \"\"\";",
                "char c = '\"'; int x = dev.parley.wire.Rfc6455.GUID;"));
        assertEquals(7, code.size());
        assertEquals(Set.of("wire"), parleyPackages(String.join("\n", code)));
        for (Pattern api : APIS.values()) {
            assertFalse(api.matcher(String.join("\n", code)).find(), api.pattern());
        }
        assertTrue(APIS.get("jakarta.websocket").matcher("import javax.websocket.Session;").find());
        assertTrue(APIS.get("org.glassfish").matcher("x instanceof org.glassfish.grizzly.Buffer b").find());
    }

    @Test
    void theNarrowerRulesCatchWhatTheyAreFor() {
        assertTrue(named("java.io").matcher("import java.io.InputStream;").find());
        assertTrue(named("java.nio.channels").matcher("java.nio.channels.SocketChannel ch;").find());
        assertFalse(named("java.nio.channels").matcher("import java.nio.ByteBuffer;").find());
        assertTrue(named("java.lang.Thread").matcher("java.lang.Thread t;").find());
        assertTrue(named("jakarta").matcher("import jakarta.json.JsonObject;").find());
        assertTrue(named("Sessions.of").matcher("OutboundQueue out = Sessions.of(session).outbound(session);").find());
        assertFalse(named("Sessions.of").matcher("private final Map<C, ChatSession> sessions;").find());
        Set<String> wire = rules().stream().filter(rule -> rule.pkg().equals("wire"))
                .flatMap(rule -> rule.forbidden().stream()).collect(java.util.stream.Collectors.toSet());
        assertTrue(wire.containsAll(List.of("java.io", "java.net", "java.nio.channels", "java.nio.file", "jakarta",
                "java.lang.Thread")), "the codec does no I/O: " + wire);
    }

    /** The {@code dev.parley} packages a piece of code names ({@value #ROOT} for the root package's classes). */
    static Set<String> parleyPackages(String code) {
        Set<String> packages = new TreeSet<>();
        Matcher m = PARLEY.matcher(code);
        while (m.find()) {
            packages.add(m.group(1) == null ? ROOT : m.group(1));
        }
        return packages;
    }

    private static Pattern named(String name) {
        return Pattern.compile("\\b" + Pattern.quote(name) + "\\b");
    }

    /** The package's main sources (not its subpackages'), each as its lines of code. */
    private static Map<Path, List<String>> sources(String pkg) {
        Path dir = pkg.equals(ROOT) ? SOURCES : SOURCES.resolve(pkg);
        Map<Path, List<String>> sources = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                sources.put(file, code(Files.readAllLines(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sources;
    }

    /** The lines with comments and the insides of string, text block and char literals blanked, lines kept. */
    static List<String> code(List<String> lines) {
        String text = String.join("\n", lines);
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            String end = text.startsWith("/*", i) ? "*/" : text.startsWith("//", i) ? "\n"
                    : text.startsWith("\"\"\"", i) ? "\"\"\"" : text.charAt(i) == '"' ? "\""
                    : text.charAt(i) == '\'' ? "'" : null;
            if (end == null) {
                out.append(text.charAt(i++));
                continue;
            }
            int from = i + (end.equals("\n") || end.equals("*/") ? 2 : end.length());
            int j = from;
            while (j < text.length() && !text.startsWith(end, j)) {
                j += text.charAt(j) == '\\' && end.length() == 1 && !end.equals("\n") ? 2 : 1;
            }
            for (int k = i; k < Math.min(j, text.length()); k++) { // blank it, keeping the line breaks
                out.append(text.charAt(k) == '\n' ? '\n' : ' ');
            }
            i = end.equals("\n") ? j : Math.min(j + end.length(), text.length());
        }
        return List.of(out.toString().split("\n", -1));
    }

    /** A cycle of {@code graph} as the packages on it, or an empty list. */
    private static List<String> cycle(Map<String, Set<String>> graph) {
        Map<String, Integer> state = new TreeMap<>(); // 1: on the path, 2: done
        for (String start : graph.keySet()) {
            List<String> path = new ArrayList<>();
            if (visit(start, graph, state, path)) {
                return path.subList(path.indexOf(path.get(path.size() - 1)), path.size());
            }
        }
        return List.of();
    }

    private static boolean visit(String pkg, Map<String, Set<String>> graph, Map<String, Integer> state,
                                 List<String> path) {
        Integer seen = state.get(pkg);
        if (seen != null) {
            if (seen == 1) {
                path.add(pkg);
            }
            return seen == 1;
        }
        state.put(pkg, 1);
        path.add(pkg);
        for (String next : graph.getOrDefault(pkg, Set.of())) {
            if (visit(next, graph, state, path)) {
                return true;
            }
        }
        path.remove(path.size() - 1);
        state.put(pkg, 2);
        return false;
    }

    /** The body rows of the docs/architecture.md table whose header starts with {@code header}, as cells. */
    private static List<List<String>> table(String header) {
        List<String> lines;
        try {
            lines = Files.readAllLines(DOC);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<List<String>> rows = new ArrayList<>();
        boolean in = false;
        for (String line : lines) {
            if (line.startsWith(header)) {
                in = true;
            } else if (in && !line.startsWith("|")) {
                break;
            } else if (in && !line.startsWith("|---")) {
                List<String> cells = new ArrayList<>();
                for (String cell : line.substring(1, line.length() - 1).split("\\|")) {
                    cells.add(cell.strip());
                }
                rows.add(cells);
            }
        }
        assertFalse(rows.isEmpty(), DOC + " has no table " + header);
        return rows;
    }

    /** The backticked names of a cell, in order ("none": none). */
    private static List<String> ticked(String cell) {
        List<String> names = new ArrayList<>();
        Matcher m = TICKED.matcher(cell);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}

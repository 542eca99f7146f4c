package dev.parley.settings;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The values of every {@link Setting}, read once from wherever a container finds them: {@code serve} from its
 * options and environment variables, the WAR from its context parameters. This is the only place a raw value is
 * parsed, so a number means the same on both containers, and a bad one is refused with a message that names the
 * setting as the operator wrote it ({@code --port (PARLEY_PORT): 'x' is not a whole number}). The records the
 * server runs on make themselves from a {@code Settings} ({@code Limits.from}, {@code ChatConfig.from}, ...) and
 * check their own ranges; this package imports none of them, so the dependencies point one way.
 */
public final class Settings {
    private final Map<Setting, Object> values = new EnumMap<>(Setting.class);
    private final Function<Setting, String> name;

    private Settings(Function<Setting, String> lookup, Function<Setting, String> name) {
        this.name = name;
        for (Setting setting : Setting.values()) {
            String raw = lookup.apply(setting);
            if (raw == null || raw.isBlank()) {
                raw = setting.defaultValue();
            }
            if (raw != null) {
                values.put(setting, parse(setting, raw));
            }
        }
    }

    /**
     * Every setting's value from {@code lookup} (its raw text, or null or blank for the default).
     *
     * @param name how messages name a setting to whoever set it
     * @throws IllegalArgumentException for a value that is not of the setting's unit, naming the setting
     */
    public static Settings read(Function<Setting, String> lookup, Function<Setting, String> name) {
        return new Settings(lookup, name);
    }

    /** The declared defaults. */
    public static Settings defaults() {
        return read(setting -> null, Setting::option);
    }

    /**
     * The WAR's settings: each {@link Setting#appliesToWar() WAR setting} from the context parameter
     * {@code parley.<name>} (trimmed: web.xml indents), the embedded server's own at their defaults.
     */
    public static Settings fromContextParameters(Function<String, String> parameter) {
        return read(setting -> {
            if (!setting.appliesToWar()) {
                return null;
            }
            String value = parameter.apply(setting.contextParameter());
            return value == null ? null : value.trim();
        }, Setting::contextParameter);
    }

    private Object parse(Setting setting, String raw) {
        return switch (setting.unit().kind()) {
            case WHOLE -> {
                try {
                    yield Long.parseLong(raw.strip());
                } catch (NumberFormatException e) {
                    throw refused(setting, "'" + raw + "' is not a whole number");
                }
            }
            case DECIMAL -> {
                try {
                    double value = Double.parseDouble(raw.strip());
                    if (!Double.isFinite(value)) {
                        throw new NumberFormatException();
                    }
                    yield value;
                } catch (NumberFormatException e) {
                    throw refused(setting, "'" + raw + "' is not a number");
                }
            }
            case TEXT -> raw;
            case LIST -> list(raw);
        };
    }

    /** Comma-separated values; blanks between commas are skipped. Their syntax is checked by whoever reads them. */
    private static Set<String> list(String raw) {
        Set<String> values = new LinkedHashSet<>();
        for (String value : raw.split(",")) {
            if (!value.isBlank()) {
                values.add(value.strip());
            }
        }
        return Collections.unmodifiableSet(values);
    }

    private IllegalArgumentException refused(Setting setting, String why) {
        return new IllegalArgumentException(name.apply(setting) + ": " + why);
    }

    /** The text of a setting; null when it has none. */
    public String text(Setting setting) {
        return (String) value(setting, Unit.Kind.TEXT);
    }

    public long whole(Setting setting) {
        return (Long) value(setting, Unit.Kind.WHOLE);
    }

    /** A whole number that must fit an int. */
    public int integer(Setting setting) {
        long value = whole(setting);
        if (value != (int) value) {
            throw refused(setting, value + " is out of range");
        }
        return (int) value;
    }

    public double decimal(Setting setting) {
        return (Double) value(setting, Unit.Kind.DECIMAL);
    }

    public Duration millis(Setting setting) {
        if (setting.unit() != Unit.MILLIS) {
            throw new IllegalArgumentException(setting + " is not in milliseconds");
        }
        return Duration.ofMillis(whole(setting));
    }

    /** A list's values ({@link Unit#isList()}), in order, each once; empty when none are. */
    @SuppressWarnings("unchecked")
    public Set<String> list(Setting setting) {
        Object values = value(setting, Unit.Kind.LIST);
        return values == null ? Set.of() : (Set<String>) values;
    }

    /** The listed origins, in order; empty when none are. */
    public Set<String> origins(Setting setting) {
        return list(setting);
    }

    /**
     * The listed origins, each passed to {@code syntax} (e.g. {@code Origin::parse}); what it refuses is refused
     * naming the setting ({@code --allowed-origins: not an origin ...}).
     */
    public Set<String> origins(Setting setting, Consumer<String> syntax) {
        Set<String> origins = origins(setting);
        for (String origin : origins) {
            try {
                syntax.accept(origin);
            } catch (IllegalArgumentException e) {
                throw refused(setting, e.getMessage());
            }
        }
        return origins;
    }

    private Object value(Setting setting, Unit.Kind kind) {
        if (setting.unit().kind() != kind) {
            throw new IllegalArgumentException(setting + " is " + setting.unit() + ", not " + kind);
        }
        return values.get(setting);
    }
}

package dev.parley.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.parley.chat.ChatConfig;
import dev.parley.chat.RoomLimits;
import dev.parley.session.FrameRate;
import dev.parley.session.Limits;

/** The one reader of settings: spellings, defaults, parsing, refusals, and which record field each one fills. */
class SettingsTest {

    @Test
    void everySpellingIsMadeFromTheOneName() {
        Setting setting = Setting.MAX_CONNECTIONS_PER_ADDRESS;
        assertEquals("--max-connections-per-address", setting.option());
        assertEquals("PARLEY_MAX_CONNECTIONS_PER_ADDRESS", setting.environmentVariable());
        assertEquals("parley.max-connections-per-address", setting.contextParameter());
        Set<String> keys = new HashSet<>();
        for (Setting each : Setting.values()) {
            assertTrue(each.key().matches("[a-z]+(-[a-z]+)*"), each.key());
            assertTrue(keys.add(each.key()), each.key());
            assertFalse(each.meaning().isBlank(), each + " has no meaning");
        }
    }

    @Test
    void theDeclaredDefaultsAreTheRecordsDefaults() {
        Settings defaults = Settings.defaults();
        assertEquals(Limits.DEFAULTS, Limits.from(defaults));
        assertEquals(ChatConfig.DEFAULTS, ChatConfig.from(defaults));
        assertEquals(RoomLimits.DEFAULTS, RoomLimits.from(defaults));
        assertEquals(1 << 20, Limits.DEFAULTS.outboundMaxBytes(), "the slow-client bound is 1 MiB");
        assertNull(defaults.text(Setting.AUTH_SECRET));
        assertEquals(Set.of(), defaults.origins(Setting.PUBLIC_ORIGINS));
    }

    /** Each setting of the three records, given a value unlike its default, lands in its own field. */
    @Test
    void everyValueReachesItsField() {
        Map<Setting, String> raw = new EnumMap<>(Setting.class);
        raw.put(Setting.MAX_MESSAGE_SIZE, "2000");
        raw.put(Setting.OUTBOUND_MAX_MESSAGES, "7");
        raw.put(Setting.OUTBOUND_MAX_BYTES, "3000");
        raw.put(Setting.MAX_CONNECTIONS_PER_ADDRESS, "5");
        raw.put(Setting.FRAME_RATE, "2.5");
        raw.put(Setting.FRAME_BURST, "3");
        raw.put(Setting.ADDRESS_FRAME_RATE, "4");
        raw.put(Setting.ADDRESS_FRAME_BURST, "6");
        raw.put(Setting.INBOUND_BUDGET_BYTES, "90000");
        raw.put(Setting.OUTBOUND_BUDGET_BYTES, "80000");
        raw.put(Setting.AUTH_SECRET, "0123456789abcdef0123");
        raw.put(Setting.ALLOWED_ORIGINS, "https://a.example, ,https://b.example:8443");
        raw.put(Setting.PUBLIC_ORIGINS, "https://chat.example");
        raw.put(Setting.API_KEY, "key-1");
        raw.put(Setting.HISTORY_SIZE, "11");
        raw.put(Setting.HISTORY_BYTES, "12000");
        raw.put(Setting.HISTORY_TOTAL_BYTES, "24000");
        raw.put(Setting.MAX_ROOMS, "13");
        raw.put(Setting.NEW_ROOMS_PER_ADDRESS, "14");
        raw.put(Setting.ROOM_IDLE_TIMEOUT, "15000");
        raw.put(Setting.RATE, "0.5");
        raw.put(Setting.BURST, "16");
        raw.put(Setting.PING_INTERVAL, "17000");
        raw.put(Setting.PING_TIMEOUT, "18000");
        Settings settings = Settings.read(raw::get, Setting::option);

        assertEquals(new Limits(2000, 7, 3000, 5, new FrameRate(2.5, 3), new FrameRate(4, 6), 90000, 80000),
                Limits.from(settings));
        assertEquals(new RoomLimits(12000, 24000, 13, 14, Duration.ofSeconds(15)), RoomLimits.from(settings));
        assertEquals(new ChatConfig("0123456789abcdef0123", Set.of("https://a.example", "https://b.example:8443"),
                "key-1", 11, ChatConfig.MAX_TEXT_BYTES, 0.5, 16, Duration.ofSeconds(17), Duration.ofSeconds(18),
                Set.of("https://chat.example"), RoomLimits.from(settings), null), ChatConfig.from(settings));
    }

    @Test
    void aBlankValueIsTheDefault() {
        Settings settings = Settings.read(setting -> "  ", Setting::option);
        assertEquals(Limits.DEFAULTS, Limits.from(settings));
        assertEquals(ChatConfig.DEFAULTS, ChatConfig.from(settings));
    }

    @Test
    void aBadValueIsRefusedNamingTheSettingAsItWasGiven() {
        assertEquals("--max-message-size: 'big' is not a whole number",
                refusal(Setting.MAX_MESSAGE_SIZE, "big", Setting::option));
        assertEquals("parley.rate: 'fast' is not a number", refusal(Setting.RATE, "fast", Setting::contextParameter));
        assertEquals("--rate: 'NaN' is not a number", refusal(Setting.RATE, "NaN", Setting::option));
        Settings badOrigin = Settings.read(s -> s == Setting.ALLOWED_ORIGINS ? "https://ok.example,example.com" : null,
                Setting::option);
        assertEquals("--allowed-origins: not an origin (scheme://host[:port]): example.com",
                assertThrows(IllegalArgumentException.class, () -> ChatConfig.from(badOrigin)).getMessage());
        Settings tooLarge = Settings.read(s -> s == Setting.MAX_MESSAGE_SIZE ? "3000000000" : null, Setting::option);
        assertEquals("--max-message-size: 3000000000 is out of range",
                assertThrows(IllegalArgumentException.class, () -> Limits.from(tooLarge)).getMessage());
    }

    private static String refusal(Setting setting, String value, java.util.function.Function<Setting, String> name) {
        return assertThrows(IllegalArgumentException.class,
                () -> Settings.read(s -> s == setting ? value : null, name)).getMessage();
    }

    /** A list of classes (socketio-namespaces): in order, each once, blanks skipped; none by default; WAR too. */
    @Test
    void classNamesAreAListInBothContainers() {
        Settings settings = Settings.read(s -> s == Setting.SOCKETIO_NAMESPACES
                ? " com.example.Chat, ,com.example.Games,com.example.Chat" : null, Setting::option);
        assertEquals(List.of("com.example.Chat", "com.example.Games"),
                List.copyOf(settings.list(Setting.SOCKETIO_NAMESPACES)));
        assertEquals(Set.of(), Settings.defaults().list(Setting.SOCKETIO_NAMESPACES));
        assertEquals(List.of("com.example.Chat"), List.copyOf(Settings.fromContextParameters(
                Map.of("parley.socketio-namespaces", "\n    com.example.Chat\n  ")::get)
                .list(Setting.SOCKETIO_NAMESPACES)));
    }

    /** What is out of a record's range is refused by the record, in its own words. */
    @Test
    void theRecordsCheckTheirRanges() {
        Settings zero = Settings.read(s -> s == Setting.HISTORY_SIZE ? "0" : null, Setting::option);
        assertEquals("chat limits must be positive",
                assertThrows(IllegalArgumentException.class, () -> ChatConfig.from(zero)).getMessage());
    }

    /** The WAR reads its own settings from trimmed context parameters and leaves the embedded server's alone. */
    @Test
    void theWarReadsOnlyItsSettingsFromContextParameters() {
        Map<String, String> params = Map.of("parley.max-message-size", "  4096\n", "parley.history-size", "",
                "parley.frame-rate", "1", "parley.max-connections", "not even a number");
        Settings settings = Settings.fromContextParameters(params::get);
        assertEquals(Limits.DEFAULTS.withMaxMessageBytes(4096), Limits.from(settings));
        assertEquals(ChatConfig.DEFAULTS, ChatConfig.from(settings));
        List<Setting> embedded = java.util.Arrays.stream(Setting.values()).filter(s -> !s.appliesToWar()).toList();
        assertTrue(embedded.containsAll(List.of(Setting.HOST, Setting.PORT, Setting.FRAME_RATE,
                Setting.SHUTDOWN_GRACE, Setting.MAX_CONNECTIONS,
                Setting.HTTP_HEAD_TIMEOUT, Setting.TLS_KEYSTORE)), embedded.toString());
        assertEquals("parley.max-rooms: 'many' is not a whole number",
                assertThrows(IllegalArgumentException.class,
                        () -> Settings.fromContextParameters(Map.of("parley.max-rooms", "many")::get)).getMessage());
    }
}

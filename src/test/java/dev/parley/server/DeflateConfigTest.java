package dev.parley.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.parley.settings.Setting;
import dev.parley.settings.Settings;
import dev.parley.wire.DeflatePolicy;

/**
 * {@code --deflate}, {@code --deflate-threshold}, {@code --deflate-client-window-bits},
 * {@code --deflate-client-context} as {@link Config} reads them.
 */
class DeflateConfigTest {

    private static DeflateConfig read(Map<Setting, String> values) {
        return DeflateConfig.from(Settings.read(values::get, Setting::option));
    }

    @Test
    void onByDefaultAskingBothNoContextTakeoversAndAnyClientWindow() {
        DeflateConfig defaults = Config.defaults().deflate();
        assertTrue(defaults.on());
        assertEquals(128, defaults.threshold());
        assertEquals(new DeflatePolicy(true, true, 15), defaults.policy());
        assertEquals(defaults, read(Map.of()));
        assertEquals("on", Settings.defaults().text(Setting.DEFLATE));
        assertEquals("off", Settings.defaults().text(Setting.DEFLATE_CLIENT_CONTEXT));
        assertFalse(DeflateConfig.OFF.on());
    }

    @Test
    void clientContextOnStopsAskingClientNoContextTakeover() {
        DeflateConfig read = read(Map.of(Setting.DEFLATE_CLIENT_CONTEXT, "on",
                Setting.DEFLATE_CLIENT_WINDOW_BITS, "12"));
        assertEquals(new DeflatePolicy(true, false, 12), read.policy());
        assertEquals(new DeflatePolicy(true, false, 15), Config.defaults().deflate().withClientContext(true).policy());
        assertEquals(new DeflatePolicy(true, true, 15), Config.defaults().deflate().withClientContext(false).policy());
    }

    @Test
    void theSettingsAreRead() {
        DeflateConfig read = read(Map.of(Setting.DEFLATE, "on", Setting.DEFLATE_THRESHOLD, "0",
                Setting.DEFLATE_CLIENT_WINDOW_BITS, "9"));
        assertEquals(new DeflateConfig(true, 0, new DeflatePolicy(true, true, 9)), read);
    }

    @Test
    void aSwitchOtherThanOnOrOffAndWindowBitsOutside9To15AreRefusedNamingTheOption() {
        IllegalArgumentException yes = assertThrows(IllegalArgumentException.class,
                () -> read(Map.of(Setting.DEFLATE, "yes")));
        assertTrue(yes.getMessage().contains("--deflate"), yes.getMessage());
        IllegalArgumentException context = assertThrows(IllegalArgumentException.class,
                () -> read(Map.of(Setting.DEFLATE_CLIENT_CONTEXT, "1")));
        assertTrue(context.getMessage().contains("--deflate-client-context"), context.getMessage());
        for (String bits : new String[] {"8", "16"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> read(Map.of(Setting.DEFLATE_CLIENT_WINDOW_BITS, bits)));
            assertTrue(e.getMessage().contains("--deflate-client-window-bits"), e.getMessage());
        }
    }

    @Test
    void tyrusConnectionsAreReachableFromASession() {
        assertTrue(Deflation.available());
    }
}

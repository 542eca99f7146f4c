package dev.parley.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import dev.parley.settings.Setting;
import dev.parley.settings.Settings;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;

/** {@link RedisSettings} from the settings, and what Lettuce's exceptions mean ({@link Failures}). */
class RedisSettingsTest {
    private static Settings settings(Map<Setting, String> values) {
        return Settings.read(values::get, Setting::option);
    }

    @Test
    void noRedisMeansTheMemoryStore() {
        assertTrue(RedisSettings.from(Settings.defaults()).isEmpty());
        assertTrue(RedisSettings.from(settings(Map.of(Setting.REDIS, "  "))).isEmpty());
    }

    @Test
    void theFourSettingsAndANewNodeIdPerStart() {
        Map<Setting, String> values = Map.of(Setting.REDIS, "redis://cache.internal:6380/2",
                Setting.REDIS_PASSWORD_FILE, "/run/secrets/redis", Setting.REDIS_TIMEOUT, "1500",
                Setting.REDIS_MAX_IN_FLIGHT, "50");
        RedisSettings redis = RedisSettings.from(settings(values)).orElseThrow();
        assertEquals("redis://cache.internal:6380/2", redis.uri());
        assertEquals(Path.of("/run/secrets/redis"), redis.passwordFile());
        assertEquals(Duration.ofMillis(1500), redis.timeout());
        assertEquals(50, redis.maxInFlight());
        assertTrue(redis.nodeId().matches("[0-9a-f]{16}"), redis.nodeId());
        assertNotEquals(redis.nodeId(), RedisSettings.from(settings(values)).orElseThrow().nodeId());

        RedisSettings defaults = RedisSettings.of("rediss://cache.internal:6380");
        assertEquals(Duration.ofSeconds(2), defaults.timeout());
        assertEquals(1000, defaults.maxInFlight());
        assertEquals(null, defaults.passwordFile());
    }

    @Test
    void badValuesAreRefusedNamingTheSettingButNeverThePassword() {
        for (String bad : new String[] {"http://cache:6379", "redis://", "redis://cache:6379/x", "cache:6379",
                "redis://cache:6379/0?timeout=1s", "redis://:s3cret@cache:6379/zero"}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> RedisSettings.from(settings(Map.of(Setting.REDIS, bad))), bad);
            assertTrue(refused.getMessage().startsWith("--redis: "), refused.getMessage());
            assertFalse(refused.getMessage().contains("s3cret"), refused.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> RedisSettings.of("redis://cache").withTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> RedisSettings.of("redis://cache").withMaxInFlight(0));
        RedisSettings withPassword = RedisSettings.of("redis://user:s3cret@cache:6379/1");
        assertEquals("redis://***@cache:6379/1", withPassword.safeUri());
        assertFalse(withPassword.toString().contains("s3cret"), withPassword.toString());
    }

    @Test
    void lettucesFailuresAreTimeoutDisconnectedOverloadedOrError() {
        assertEquals("timeout", Failures.classify(new RedisCommandTimeoutException("Command timed out")).reason());
        assertEquals("disconnected", Failures.classify(
                new RedisException("Currently not connected. Commands are rejected.")).reason());
        assertEquals("disconnected", Failures.classify(new RedisException("Connection disconnected")).reason());
        assertEquals("overloaded", Failures.classify(new RedisException("Request queue size exceeded: 10000. "
                + "Commands are not accepted until the queue size drops.")).reason());
        assertEquals("error", Failures.classify(new RedisCommandExecutionException("WRONGTYPE Operation")).reason());
        RedisCommandTimeoutException timeout = new RedisCommandTimeoutException("late");
        RedisUnavailable wrapped = Failures.classify(new CompletionException(timeout));
        assertEquals("timeout", wrapped.reason());
        assertSame(timeout, wrapped.getCause());
        RedisUnavailable already = new RedisUnavailable(RedisUnavailable.Reason.OVERLOADED, "cap", null);
        assertSame(already, Failures.classify(new CompletionException(already)));
        assertSame(already, RedisUnavailable.in(new CompletionException(already)));
        assertEquals("redis overloaded: cap", already.getMessage());
    }

    @Test
    void theRunIdIsReadFromInfoServer() {
        assertEquals("6b1c", Failures.runId("# Server\r\nredis_version:7.0.15\r\nrun_id:6b1c\r\ntcp_port:6379\r\n"));
        assertEquals("", Failures.runId("# Server\r\n"));
    }
}

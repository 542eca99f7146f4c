package dev.parley.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import dev.parley.metrics.Metrics;

/** {@code --redis-password-file}: the file's first line, trimmed, is Redis's password (AUTH). */
class RedisPasswordIT {
    @RegisterExtension
    static final RedisProcess redis = new RedisProcess("--requirepass", "s3cret pass");

    @TempDir
    Path dir;

    @Test
    void thePasswordFromTheFileOpensRedis() throws Exception {
        Path file = Files.writeString(dir.resolve("redis.pass"), "s3cret pass\n", StandardCharsets.UTF_8);
        try (RedisLink link = RedisLink.connect(RedisSettings.of(redis.uri()).withPasswordFile(file), new Metrics())) {
            RedisLinkIT.await("link up", link::up);
            assertEquals("OK", RedisLinkIT.get(link.call(c -> c.set("k", "v"))));
            assertEquals("v", redis.cli("GET", "k"));
        }
    }

    @Test
    void withoutItTheLinkIsDownAndCallsFail() throws Exception {
        try (RedisLink link = RedisLink.connect(RedisSettings.of(redis.uri()), new Metrics())) {
            assertFalse(link.up());
            assertEquals("disconnected", RedisLinkIT.failure(link.call(c -> c.get("k"))).reason());
        }
    }

    @Test
    void anEmptyOrMissingFileIsRefusedAtStart() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pass"), "\n", StandardCharsets.UTF_8);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> RedisLink.connect(RedisSettings.of(redis.uri()).withPasswordFile(empty), new Metrics()));
        assertTrue(refused.getMessage().contains("empty first line"), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RedisLink.connect(
                RedisSettings.of(redis.uri()).withPasswordFile(dir.resolve("missing")), new Metrics()));
    }
}

package dev.parley.origin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Origins compared as scheme, host and port (RFC 6454 §5), against the configured or default own origins. */
class OriginPolicyTest {
    private static final OriginPolicy LOOPBACK = OriginPolicy.forServer(false, "127.0.0.1", () -> 8025, Set.of(),
            Set.of("https://app.example"));

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8025", "http://localhost:8025", "HTTP://LocalHost:8025",
            "http://[::1]:8025", "https://app.example", "https://app.example:443"})
    void theOwnLoopbackOriginsAndTheListedOnesAreAllowed(String origin) {
        assertTrue(LOOPBACK.allows(origin), origin);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1:8025", "ws://127.0.0.1:8025", "http://127.0.0.1:8026",
            "http://127.0.0.1", "http://evil.example:8025", "http://app.example", "https://app.example:8443",
            "null", "http://127.0.0.1:8025/", "http://user@127.0.0.1:8025", "http://127.0.0.1:8025 http://x",
            "", "127.0.0.1:8025", "http://127.0.0.1:99999"})
    void anotherSchemeHostOrPortOrAMalformedOriginIsRefused(String origin) {
        assertFalse(LOOPBACK.allows(origin), origin);
    }

    /** DNS rebinding: the page of rebind.example, resolved to this server, sends its own name as Origin and Host. */
    @Test
    void theHostHeaderPlaysNoPartSoARebindingNameIsRefused() {
        assertFalse(LOOPBACK.allows("http://rebind.example:8025"));
    }

    @Test
    void noOriginIsNotABrowserAndIsAllowed() {
        assertTrue(LOOPBACK.allows(null));
    }

    @Test
    void configuredPublicOriginsReplaceTheDefault() {
        OriginPolicy policy = OriginPolicy.forServer(true, "0.0.0.0", () -> 443, List.of("https://chat.example"),
                Set.of());
        assertTrue(policy.allows("https://chat.example:443"));
        assertFalse(policy.allows("https://127.0.0.1:443"));
        assertFalse(policy.allows("http://chat.example"));
    }

    @Test
    void theDefaultFollowsTlsTheBoundPortAndASpecificBindAddress() {
        int[] port = {0};
        OriginPolicy policy = OriginPolicy.forServer(true, "192.0.2.7", () -> port[0], Set.of(), Set.of());
        port[0] = 9443; // bound after the policy was made
        assertTrue(policy.allows("https://192.0.2.7:9443"));
        assertTrue(policy.allows("https://localhost:9443"));
        assertFalse(policy.allows("http://localhost:9443"));
        assertFalse(OriginPolicy.forServer(false, "0.0.0.0", () -> 8025, Set.of(), Set.of())
                .allows("http://0.0.0.0:8025"));
    }

    @Test
    void theWebAppDefaultIsLoopbackOnAnyPort() {
        OriginPolicy war = OriginPolicy.forWebApp(Set.of(), Set.of());
        assertTrue(war.allows("http://127.0.0.1:8080"));
        assertTrue(war.allows("https://localhost:8181"));
        assertFalse(war.allows("http://evil.example:8080"));
    }

    @Test
    void aMalformedConfiguredOriginIsRefusedAtStartup() {
        assertEquals("not an origin (scheme://host[:port]): app.example",
                assertThrows(IllegalArgumentException.class, () -> OriginPolicy.forWebApp(Set.of(),
                        Set.of("app.example"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Origin.parse("https://app.example/path"));
    }
}

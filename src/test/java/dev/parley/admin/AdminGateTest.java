package dev.parley.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The admin's gate from request heads alone: off, origin, key, in that order. */
class AdminGateTest {
    private static final String KEY = "the-admin-key-0123";
    private final AdminGate gate = new AdminGate(KEY, Set.of("https://chat.example"));

    private static AdminRequest request(String... headers) {
        Map<String, String> map = new HashMap<>();
        map.put("host", "127.0.0.1:8025");
        for (int i = 0; i < headers.length; i += 2) {
            map.put(headers[i].toLowerCase(Locale.ROOT), headers[i + 1]);
        }
        return new AdminRequest("GET", "/admin/api/overview", "127.0.0.1",
                name -> map.get(name.toLowerCase(Locale.ROOT)));
    }

    private static int status(AdminReply reply) {
        return reply == null ? 200 : reply.status();
    }

    @Test
    void offWithoutAKeyWhateverTheRequestCarries() {
        AdminGate off = new AdminGate(null, Set.of());
        assertFalse(off.on());
        assertEquals(404, status(off.apiRefusal(request("Authorization", "Bearer " + KEY))));
        assertEquals(404, status(off.pageRefusal(request())));
    }

    @Test
    void theKeyMustComeAsABearerToken() {
        assertEquals(401, status(gate.apiRefusal(request())));
        assertEquals(401, status(gate.apiRefusal(request("Authorization", KEY))));
        assertEquals(403, status(gate.apiRefusal(request("Authorization", "Bearer wrong"))));
        assertEquals(403, status(gate.apiRefusal(request("Authorization", "Bearer " + KEY + KEY))));
        assertNull(gate.apiRefusal(request("Authorization", "Bearer " + KEY)));
        assertFalse(gate.apiRefusal(request("Authorization", "Bearer wrong")).text().contains(KEY));
    }

    @Test
    void onlyTheServersOwnOriginIsLetIn() {
        assertTrue(gate.sameOrigin(request()));
        assertTrue(gate.sameOrigin(request("Origin", "http://127.0.0.1:8025")));
        assertTrue(gate.sameOrigin(request("Origin", "https://chat.example", "Host", "10.0.0.5:8025")));
        assertTrue(gate.sameOrigin(request("Sec-Fetch-Site", "same-origin")));
        assertFalse(gate.sameOrigin(request("Origin", "http://127.0.0.1:8026")));
        assertFalse(gate.sameOrigin(request("Origin", "http://localhost:8025")));
        assertFalse(gate.sameOrigin(request("Origin", "null")));
        assertFalse(gate.sameOrigin(request("Sec-Fetch-Site", "cross-site")));
        assertFalse(gate.sameOrigin(request("Sec-Fetch-Site", "same-site")));
        assertFalse(gate.sameOrigin(request("Origin", "http://127.0.0.1:8025", "Host", "")));
        assertEquals(403, status(gate.apiRefusal(request("Origin", "https://evil.example",
                "Authorization", "Bearer " + KEY))));
    }

    @Test
    void aKeyShorterThan16CharactersIsRefused() {
        IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> dev.parley.chat.ChatConfig.DEFAULTS.withAdminKey("short-key"));
        assertEquals("the admin key must be at least 16 characters", refused.getMessage());
        assertEquals(16, dev.parley.chat.ChatConfig.DEFAULTS.withAdminKey("0123456789abcdef").adminKey().length());
    }

    @Test
    void closeCodesAreThoseAClientMayBeSent() {
        assertTrue(AdminActions.allowed(1000));
        assertTrue(AdminActions.allowed(4999));
        assertTrue(AdminActions.allowed(3000));
        assertFalse(AdminActions.allowed(1005));
        assertFalse(AdminActions.allowed(1006));
        assertFalse(AdminActions.allowed(2999));
        assertFalse(AdminActions.allowed(5000));
    }
}

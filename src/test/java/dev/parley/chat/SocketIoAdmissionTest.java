package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Who a Socket.IO CONNECT to {@code /chat} is ({@link Admission#decideSocketIo}): the auth payload's name in open
 * mode, its token or the cookie in auth mode; the refusals are the WebSocket {@code /chat}'s, status and code.
 */
class SocketIoAdmissionTest {
    private static final Instant NOW = Instant.ofEpochSecond(1_800_000_000L);
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Admission OPEN = new Admission(ChatConfig.DEFAULTS, CLOCK);
    private static final Admission AUTH = new Admission(ChatConfig.DEFAULTS.withAuthSecret(Tokens.SECRET), CLOCK);

    private static String token(String sub, long validFor) throws Exception {
        return Tokens.hs256(Tokens.SECRET, Tokens.payload(sub, NOW.getEpochSecond() + validFor));
    }

    @Test
    void openModeTakesTheNameOfTheAuthPayload() {
        assertEquals("alice", OPEN.decideSocketIo("alice", null, Map.of()).user());
    }

    @Test
    void openModeRefusesNoNameAndABadNameAs400() {
        Admission.Decision none = OPEN.decideSocketIo(null, null, Map.of());
        assertEquals(400, none.status());
        assertEquals("name_required", none.code());
        Admission.Decision bad = OPEN.decideSocketIo("al ice", null, Map.of());
        assertEquals(400, bad.status());
        assertEquals("bad_name", bad.code());
        assertEquals("name", bad.kind());
    }

    @Test
    void openModeIgnoresATokenAndTheCookie() {
        assertEquals(400, OPEN.decideSocketIo(null, "x.y.z", Map.of("Cookie", List.of("parley_token=x"))).status());
    }

    @Test
    void authModeTakesTheTokenOfTheAuthPayload() throws Exception {
        assertEquals("bob", AUTH.decideSocketIo("mallory", token("bob", 60), Map.of()).user());
    }

    @Test
    void authModeTakesTheCookieWhenThePayloadHasNoToken() throws Exception {
        Map<String, List<String>> headers = Map.of("Cookie", List.of(Admission.COOKIE + "=" + token("carol", 60)));
        assertEquals("carol", AUTH.decideSocketIo(null, null, headers).user());
    }

    @Test
    void authModeRefusesNoTokenAnExpiredOneAndANameAlone() throws Exception {
        Admission.Decision none = AUTH.decideSocketIo("alice", null, Map.of());
        assertEquals(401, none.status());
        assertEquals("token_required", none.code());
        assertNull(none.user());
        Admission.Decision expired = AUTH.decideSocketIo(null, token("alice", -60), Map.of());
        assertEquals(401, expired.status());
        assertEquals("bad_token", expired.code());
    }
}

package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The order of a token's checks: length, characters, signature over the raw text, and only then any JSON. */
class JwtTest {
    private static final String SECRET = Tokens.SECRET;
    private static final long NOW = 1_800_000_000L;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private static String b64(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String reason(String token) {
        return assertThrows(Jwt.Invalid.class, () -> Jwt.subject(token, SECRET, NOW)).getMessage();
    }

    @Test
    void aValidTokenGivesItsSubject() throws Exception {
        assertEquals("alice", Jwt.subject(Tokens.hs256(SECRET, "{\"sub\":\"alice\",\"exp\":" + (NOW + 1) + "}"),
                SECRET, NOW));
    }

    /** What used to overflow the stack (a deep header) or reach Parsson (a long number): never parsed unsigned. */
    @Test
    void aDeepOrGarbageHeaderWithABadSignatureIsRefusedAsABadSignatureWithoutBeingParsed() {
        String deepHeader = b64("{\"a\":".repeat(400) + "1" + "}".repeat(400)); // 3.2 KB, under the cap
        String garbageHeader = "A".repeat(2900);
        String hugeNumber = b64("{\"alg\":\"HS256\",\"n\":" + "9".repeat(2000) + "}");
        String payload = b64("{\"sub\":\"alice\",\"exp\":" + (NOW + 60) + "}");
        for (String header : List.of(deepHeader, garbageHeader, hugeNumber)) {
            String token = header + "." + payload + "." + B64.encodeToString(new byte[32]);
            assertEquals("token signature does not match", reason(token));
        }
    }

    @Test
    void theSignatureIsCheckedOverTheHeaderAndPayloadAsReceived() throws Exception {
        String token = Tokens.hs256(SECRET, "{\"sub\":\"alice\",\"exp\":" + (NOW + 60) + "}");
        String[] parts = token.split("\\.");
        // The same JSON re-encoded differently (a space in the header) is a different signing input.
        String reencoded = b64("{\"alg\": \"HS256\",\"typ\":\"JWT\"}") + "." + parts[1] + "." + parts[2];
        assertEquals("token signature does not match", reason(reencoded));
    }

    @Test
    void aTooLongTokenOrOneWithForeignCharactersIsRefusedBeforeAnything() {
        assertEquals("token is longer than 4096 characters", reason("A".repeat(Jwt.MAX_TOKEN_CHARS + 1)));
        assertEquals("token has a character outside base64url", reason("a.b.c="));
        assertEquals("token has a character outside base64url", reason("a.b\u00e9.c"));
        assertEquals("token is not a JWT (header.payload.signature)", reason("a.b"));
        assertEquals("token is not a JWT (header.payload.signature)", reason("a.b.c.d"));
    }

    @Test
    void signedButWrongTokensAreRefusedForTheirReason() throws Exception {
        Map<String, String> reasons = Map.of(
                Tokens.hs256(SECRET, "{\"alg\":\"none\"}", "{\"sub\":\"a\",\"exp\":" + (NOW + 60) + "}"),
                "token must be signed with HS256",
                Tokens.hs256(SECRET, "{\"sub\":\"a\"}"), "token has no exp claim",
                Tokens.hs256(SECRET, "{\"sub\":\"a\",\"exp\":" + NOW + "}"), "token expired",
                // 2^64 + NOW would be NOW + a little as a long's low 64 bits; as a number it is far in the future.
                Tokens.hs256(SECRET, "{\"sub\":\"a\",\"exp\":" + (NOW + 60) + ",\"nbf\":18446744073709551616}"),
                "token not valid yet",
                Tokens.hs256(SECRET, "{\"exp\":" + (NOW + 60) + "}"), "token has no sub claim",
                Tokens.hs256(SECRET, "{\"sub\":\"a\",\"exp\":" + (NOW + 60) + ",\"x\":" + "[".repeat(40)
                        + "]".repeat(40) + "}"), "token payload is not a JSON object");
        reasons.forEach((token, reason) -> assertEquals(reason, reason(token), token));
    }
}

package dev.parley.chat;

import static dev.parley.chat.Upgrades.WAIT;
import static dev.parley.chat.Upgrades.assertRefused;
import static dev.parley.chat.Upgrades.upgrade;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.parley.client.RawClient;
import dev.parley.deploy.ParleyTarget;
import dev.parley.deploy.TestDeployment;
import dev.parley.wire.HttpHeaders;
import dev.parley.wire.UpgradeResponse;

/** Who may open {@code /chat} in auth mode: an HS256 JWT in the cookie or the subprotocol, or 401. */
@Tag("portable")
class ChatAuthIT {
    @RegisterExtension
    static final ParleyTarget server = ParleyTarget.of(TestDeployment.AUTH);

    @Test
    void noTokenIs401() throws Exception {
        assertRefused(401, upgrade(server.ws("/chat?name=alice")));
    }

    @Test
    void aTokenInTheQueryStringIsNotAccepted() throws Exception {
        assertRefused(401, upgrade(server.ws("/chat?parley_token=" + Tokens.valid("alice"))));
    }

    @Test
    void aBadSignatureAnExpiredTokenOrAnotherAlgorithmIs401() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        for (String token : new String[] {
                Tokens.hs256("another-secret-0123456789", "{\"sub\":\"alice\",\"exp\":" + (now + 60) + "}"),
                Tokens.hs256(Tokens.SECRET, "{\"sub\":\"alice\",\"exp\":" + (now - 1) + "}"),
                Tokens.hs256(Tokens.SECRET, "{\"sub\":\"alice\"}"),
                Tokens.hs256(Tokens.SECRET, "{\"alg\":\"none\"}", "{\"sub\":\"alice\",\"exp\":" + (now + 60) + "}"),
                "not.a.token"}) {
            assertRefused(401, upgrade(server.ws("/chat"), "Cookie", "parley_token=" + token));
        }
    }

    /** A signed name is still shown to other users: bidi overrides and zero-width characters are refused. */
    @Test
    void aSignedSubOutsideTheNameRuleIs401() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        for (String sub : new String[] {"ali\\u202Eecno", "ali\\u200Bce", "alice@example.com"}) {
            String token = Tokens.hs256(Tokens.SECRET, "{\"sub\":\"" + sub + "\",\"exp\":" + (now + 60) + "}");
            UpgradeResponse response = upgrade(server.ws("/chat"), "Cookie", "parley_token=" + token);
            assertRefused(401, response);
            assertEquals("token sub must be 1-32 letters, digits, '_', '-' or '.'",
                    response.headers().first("X-Parley-Error").orElse(""));
        }
    }

    @Test
    void aTokenInTheCookieNamesTheUser() throws Exception {
        try (RawClient client = RawClient.connect(server.ws("/chat"), WAIT, dev.parley.wire.MaskKeys.secure(),
                HttpHeaders.of("Cookie", "theme=dark; parley_token=" + Tokens.valid("carol")))) {
            String welcome = client.read().frame().text();
            assertEquals(true, welcome.contains("\"user\":\"carol\""), welcome);
        }
    }

    @Test
    void aTokenAsSubprotocolNamesTheUserAndIsAnswered() throws Exception {
        try (RawClient client = RawClient.connect(server.ws("/chat"), WAIT, dev.parley.wire.MaskKeys.secure(),
                HttpHeaders.of("Sec-WebSocket-Protocol", "parley, parley.jwt." + Tokens.valid("dave")))) {
            assertEquals("parley", client.handshake().headers().first("Sec-WebSocket-Protocol").orElse(""));
            String welcome = client.read().frame().text();
            assertEquals(true, welcome.contains("\"user\":\"dave\""), welcome);
        }
    }
}

package dev.parley.chat;

import static dev.parley.chat.Upgrades.WAIT;
import static dev.parley.chat.Upgrades.assertRefused;
import static dev.parley.chat.Upgrades.upgrade;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.parley.json.JsonText;
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
            assertEquals("carol", JsonText.readObject(welcome).getString("user"), welcome);
        }
    }

    @Test
    void aTokenAsSubprotocolNamesTheUserAndIsAnswered() throws Exception {
        try (RawClient client = RawClient.connect(server.ws("/chat"), WAIT, dev.parley.wire.MaskKeys.secure(),
                HttpHeaders.of("Sec-WebSocket-Protocol", "parley, parley.jwt." + Tokens.valid("dave")))) {
            assertEquals("parley", client.handshake().headers().first("Sec-WebSocket-Protocol").orElse(""));
            String welcome = client.read().frame().text();
            assertEquals("dave", JsonText.readObject(welcome).getString("user"), welcome);
        }
    }

    /** Auth mode: the token is the identity, and one user may hold several sessions (issue 12). */
    @Test
    void presenceIsPerUserNotPerTab() throws Exception {
        try (ChatClient bob = connect("bob")) {
            bob.ok("{\"type\":\"join\",\"room\":\"tabs\"}");
            ChatClient tab1 = connect("alice");
            tab1.ok("{\"type\":\"join\",\"room\":\"tabs\"}");
            assertEquals("join", bob.next("presence").getString("event"));
            try (ChatClient tab2 = connect("alice")) {
                assertEquals(List.of("bob", "alice"), members(tab2.ok("{\"type\":\"join\",\"room\":\"tabs\"}")));
                tab1.close();
                // Neither the second tab's join nor the first tab's close is news to bob: his next frame is this.
                tab2.ok("{\"type\":\"say\",\"room\":\"tabs\",\"text\":\"still here\"}");
                assertEquals("still here", bob.next("message").getString("text"));
            }
            JsonObject left = bob.next("presence");
            assertEquals("alice", left.getString("user"));
            assertEquals("leave", left.getString("event"));
        }
    }

    @Test
    void whisperReachesEverySessionOfTheUserAndOnlyThem() throws Exception {
        try (ChatClient alice = connect("alice"); ChatClient bob1 = connect("bob"); ChatClient bob2 = connect("bob");
             ChatClient carol = connect("carol")) {
            alice.ok("{\"type\":\"whisper\",\"to\":\"bob\",\"text\":\"psst\"}");
            for (ChatClient bob : List.of(bob1, bob2)) {
                JsonObject whisper = bob.next("whisper");
                assertEquals("alice", whisper.getString("from"));
                assertEquals("psst", whisper.getString("text"));
                Instant.parse(whisper.getString("ts"));
            }
            alice.refused("{\"type\":\"whisper\",\"to\":\"nobody\",\"text\":\"psst\"}", "no_such_user");
            // carol got nothing: her next frame is the one she asks for.
            carol.ok("{\"type\":\"join\",\"room\":\"carol-alone\"}");
        }
    }

    private static ChatClient connect(String user) throws Exception {
        return ChatClient.connect(server.ws("/chat"), List.of("parley.jwt." + Tokens.valid(user)));
    }

    private static List<String> members(JsonObject ack) {
        return ack.getJsonArray("members").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }
}

package dev.parley.chat;

import static dev.parley.chat.Upgrades.assertRefused;
import static dev.parley.chat.Upgrades.upgrade;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.parley.deploy.ParleyTarget;
import dev.parley.deploy.TestDeployment;

/** Who may open {@code /chat} in open mode: refusals are HTTP statuses before any upgrade, with the reason. */
@Tag("portable")
class ChatAdmissionIT {
    @RegisterExtension
    static final ParleyTarget server = ParleyTarget.of(TestDeployment.ORIGINS);

    @ParameterizedTest(name = "?{0}")
    @ValueSource(strings = {"", "name=", "name=" + "a123456789b123456789c123456789xyz", "name=al%20ice",
            "name=%3Cscript%3E", "name=alice&name=bob"})
    void aMissingOrInvalidNameIs400(String query) throws Exception {
        assertRefused(400, upgrade(server.ws("/chat?" + query)));
    }

    @Test
    void aValidNameIsWelcomed() throws Exception {
        try (ChatClient client = ChatClient.connect(server.ws("/chat?name=a.b_c-1"))) {
            assertEquals("a.b_c-1", client.welcome.getString("user"));
        }
    }

    @Test
    void aForeignOriginIs403() throws Exception {
        assertRefused(403, upgrade(server.ws("/chat?name=alice"), "Origin", "https://evil.example"));
    }

    @Test
    void noOriginTheServersOwnOrAListedOneIsAllowed() throws Exception {
        URI chat = server.ws("/chat");
        String own = "http://" + chat.getHost() + ":" + chat.getPort();
        int n = 0;
        for (String[] headers : new String[][] {{}, {"Origin", own}, {"Origin", "https://app.example"}}) {
            // a name each: the last upgrade's session may still hold its name (one session per name, 409)
            assertEquals(101, upgrade(server.ws("/chat?name=origin" + n++), headers).status());
        }
    }
}

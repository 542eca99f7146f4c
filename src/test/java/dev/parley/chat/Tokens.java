package dev.parley.chat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.parley.json.JsonText;
import dev.parley.deploy.TestDeployment;

/** HS256 tokens made by hand for tests, independently of the server's {@code Jwt} checker. */
final class Tokens {
    static final String SECRET = TestDeployment.AUTH_SECRET;

    private Tokens() {
    }

    static String hs256(String secret, String payloadJson) throws Exception {
        return hs256(secret, "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", payloadJson);
    }

    static String hs256(String secret, String headerJson, String payloadJson) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signed = b64.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return signed + "." + b64.encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
    }

    /** A valid token for {@code user}, expiring in an hour. */
    static String valid(String user) throws Exception {
        return hs256(SECRET, payload(user, System.currentTimeMillis() / 1000 + 3600));
    }

    /** The payload of a token for {@code sub} that expires at {@code exp} (epoch seconds). */
    static String payload(String sub, long exp) {
        return JsonText.write(JsonText.object().add("sub", sub).add("exp", exp));
    }
}

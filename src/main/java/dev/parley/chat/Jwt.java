package dev.parley.chat;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;

/**
 * Checks an HS256 JSON Web Token (RFC 7519) and returns its subject. Only HS256 is accepted (never "none", never
 * a key confusion), the signature is compared in constant time, {@code exp} is required and {@code nbf} honoured.
 */
final class Jwt {
    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

    /** Why a token was refused. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String reason) {
            super(reason, null, false, false);
        }
    }

    private Jwt() {
    }

    /** The token's {@code sub} if it is signed with {@code secret} and valid at {@code nowSeconds}. */
    static String subject(String token, String secret, long nowSeconds) throws Invalid {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new Invalid("token is not a JWT (header.payload.signature)");
        }
        JsonObject header = decode(parts[0], "header");
        if (!"HS256".equals(header.getString("alg", null))) {
            throw new Invalid("token must be signed with HS256");
        }
        byte[] signature;
        try {
            signature = BASE64URL.decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new Invalid("token signature is not base64url");
        }
        byte[] expected = hmac(secret, parts[0] + "." + parts[1]);
        if (!MessageDigest.isEqual(expected, signature)) {
            throw new Invalid("token signature does not match");
        }
        JsonObject claims = decode(parts[1], "payload");
        if (!(claims.get("exp") instanceof JsonNumber exp)) {
            throw new Invalid("token has no exp claim");
        }
        if (exp.longValue() <= nowSeconds) {
            throw new Invalid("token expired");
        }
        if (claims.get("nbf") instanceof JsonNumber nbf && nbf.longValue() > nowSeconds) {
            throw new Invalid("token not valid yet");
        }
        String subject = claims.getString("sub", "");
        if (subject.isEmpty() || subject.length() > 64 || subject.chars().anyMatch(Character::isISOControl)) {
            throw new Invalid("token sub must be 1-64 printable characters");
        }
        return subject;
    }

    static byte[] hmac(String secret, String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static JsonObject decode(String part, String what) throws Invalid {
        String json;
        try {
            json = new String(BASE64URL.decode(part), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Invalid("token " + what + " is not base64url");
        }
        try {
            return ChatJson.parse(json);
        } catch (RequestRejected e) {
            throw new Invalid("token " + what + " is not a JSON object");
        }
    }
}

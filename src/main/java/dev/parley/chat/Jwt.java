package dev.parley.chat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

/**
 * Checks an HS256 JSON Web Token (RFC 7519) and returns its subject. Only HS256 is accepted (never "none", never
 * a key confusion), the signature is verified first and compared in constant time, {@code exp} is required and
 * {@code nbf} honoured. The subject is returned as signed: {@link Admission} holds it to the name rule.
 */
final class Jwt {
    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();
    /** Longest token accepted: a few claims take a few hundred characters; a cookie may hold 4096 bytes. */
    static final int MAX_TOKEN_CHARS = 4096;

    /** Why a token was refused. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        Invalid(String reason) {
            super(reason, null, false, false);
        }
    }

    private Jwt() {
    }

    /**
     * The token's {@code sub} if it is signed with {@code secret} and valid at {@code nowSeconds}.
     *
     * <p>Nothing of a token is parsed before its signature is verified: an unauthenticated client cannot make the
     * server decode or parse JSON. RFC 7515 §5.2 steps 1-7 (split, decode the header, check it) come before the
     * signature check in the RFC; doing the cheap byte checks first and the MAC over the parts as received (the
     * JWS Signing Input, §5.1 step 5) is equivalent for the single algorithm accepted here.
     */
    static String subject(String token, String secret, long nowSeconds) throws Invalid {
        if (token.length() > MAX_TOKEN_CHARS) {
            throw new Invalid("token is longer than " + MAX_TOKEN_CHARS + " characters");
        }
        // RFC 7515 §7.1: BASE64URL(header) '.' BASE64URL(payload) '.' BASE64URL(signature), base64url having no
        // padding (§2); so the token is ASCII and its signing input is the text before the second dot.
        int dots = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                dots++;
            } else if (!isBase64Url(c)) {
                throw new Invalid("token has a character outside base64url");
            }
        }
        if (dots != 2) {
            throw new Invalid("token is not a JWT (header.payload.signature)");
        }
        int end = token.lastIndexOf('.');
        byte[] signature = decode(token.substring(end + 1), "signature");
        if (!MessageDigest.isEqual(hmac(secret, token.substring(0, end)), signature)) {
            throw new Invalid("token signature does not match");
        }
        String[] parts = token.split("\\.", -1);
        JsonObject header = parse(parts[0], "header");
        if (!"HS256".equals(header.getString("alg", null))) {
            throw new Invalid("token must be signed with HS256");
        }
        JsonObject claims = parse(parts[1], "payload");
        if (!(claims.get("exp") instanceof JsonNumber exp)) {
            throw new Invalid("token has no exp claim");
        }
        // Compared as BigDecimal: longValue() keeps only the low 64 bits of a larger number.
        BigDecimal now = BigDecimal.valueOf(nowSeconds);
        if (exp.bigDecimalValue().compareTo(now) <= 0) {
            throw new Invalid("token expired");
        }
        if (claims.get("nbf") instanceof JsonNumber nbf && nbf.bigDecimalValue().compareTo(now) > 0) {
            throw new Invalid("token not valid yet");
        }
        if (!(claims.get("sub") instanceof JsonString subject)) {
            throw new Invalid("token has no sub claim");
        }
        return subject.getString();
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

    private static boolean isBase64Url(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
    }

    private static byte[] decode(String part, String what) throws Invalid {
        try {
            return BASE64URL.decode(part);
        } catch (IllegalArgumentException e) {
            throw new Invalid("token " + what + " is not base64url");
        }
    }

    private static JsonObject parse(String part, String what) throws Invalid {
        try {
            return ChatJson.parse(new String(decode(part, what), StandardCharsets.UTF_8));
        } catch (RequestRejected e) {
            throw new Invalid("token " + what + " is not a JSON object");
        }
    }
}

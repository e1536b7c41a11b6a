package org.canal.signaling;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Hand-made JWTs for abuse tests: any header, any claims, signed with any HMAC or not at all. */
final class ForgedTokens {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private ForgedTokens() {}

    /** Valid claims for an invite to srv/{channel}, as JoinTokens would mint them. */
    static JsonObject claims(String channel) {
        long now = Instant.now().getEpochSecond();
        return new JsonObject().put("iss", SignalingNode.ISSUER).put("aud", "canal").put("iat", now)
                .put("exp", now + 300).put("jti", "j-" + now).put("server", "srv").put("channel", channel)
                .put("invite", true);
    }

    static String sign(JsonObject header, JsonObject claims, String macAlgorithm, byte[] secret) throws Exception {
        String input = part(header) + '.' + part(claims);
        Mac mac = Mac.getInstance(macAlgorithm);
        mac.init(new SecretKeySpec(secret, macAlgorithm));
        return input + '.' + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }

    static String hs256(JsonObject claims) throws Exception {
        return sign(new JsonObject().put("alg", "HS256").put("typ", "JWT"), claims, "HmacSHA256", SignalingNode.SECRET);
    }

    /** An unsecured JWT (RFC 7519 section 6): {@code alg: none} and an empty signature. */
    static String unsigned(JsonObject claims) {
        return part(new JsonObject().put("alg", "none").put("typ", "JWT")) + '.' + part(claims) + '.';
    }

    private static String part(JsonObject json) {
        return B64.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
    }
}

package org.canal.signaling;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Public-key join tokens for tests, made with the JDK alone: key pairs (EC P-256, RSA), their public
 * JWKs and JWKS files (RFC 7517), and JWS signatures with any header (RFC 7515 section 7.1), so that
 * tests can sign what a platform would and what an attacker would.
 */
final class SignedTokens {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private SignedTokens() {}

    static KeyPair ecP256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static KeyPair rsa(int bits) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits);
        return g.generateKeyPair();
    }

    /** The public JWK of {@code key} (RFC 7518 section 6.2.1 for EC, 6.3.1 for RSA), with {@code alg} and {@code use}. */
    static JsonObject jwk(String kid, PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            return new JsonObject().put("kty", "EC").put("kid", kid).put("use", "sig").put("alg", "ES256")
                    .put("crv", "P-256").put("x", unsigned(ec.getW().getAffineX(), 32))
                    .put("y", unsigned(ec.getW().getAffineY(), 32));
        }
        RSAPublicKey rsa = (RSAPublicKey) key;
        return new JsonObject().put("kty", "RSA").put("kid", kid).put("use", "sig").put("alg", "RS256")
                .put("n", unsigned(rsa.getModulus(), (rsa.getModulus().bitLength() + 7) / 8))
                .put("e", unsigned(rsa.getPublicExponent(), (rsa.getPublicExponent().bitLength() + 7) / 8));
    }

    /** Writes a JWKS file the way operators should: a temporary file renamed over the old one. */
    static void writeJwks(Path file, JsonObject... keys) throws IOException {
        JsonArray list = new JsonArray();
        Arrays.stream(keys).forEach(list::add);
        writeAtomically(file, new JsonObject().put("keys", list).encodePrettily());
    }

    static void writeAtomically(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Claims a platform would sign: {@code sub}, srv/{@code channel}, full participant grants, valid for 5 minutes. */
    static JsonObject claims(String sub, String channel) {
        long now = Instant.now().getEpochSecond();
        return new JsonObject().put("iss", SignalingNode.ISSUER).put("aud", "canal").put("sub", sub)
                .put("server", "srv").put("channel", channel).put("iat", now).put("nbf", now).put("exp", now + 300)
                .put("jti", "t-" + System.nanoTime()).put("grants", Grants.PARTICIPANT.toJson());
    }

    static JsonObject header(String alg, String kid) {
        JsonObject h = new JsonObject().put("alg", alg).put("typ", "JWT");
        return kid == null ? h : h.put("kid", kid);
    }

    static String es256(String kid, PrivateKey key, JsonObject claims) throws Exception {
        return sign(header("ES256", kid), claims, "SHA256withECDSAinP1363Format", key);
    }

    static String rs256(String kid, PrivateKey key, JsonObject claims) throws Exception {
        return sign(header("RS256", kid), claims, "SHA256withRSA", key);
    }

    /** Any header, signed with a JCA signature algorithm. */
    static String sign(JsonObject header, JsonObject claims, String jcaAlgorithm, PrivateKey key) throws Exception {
        String input = part(header) + '.' + part(claims);
        Signature s = Signature.getInstance(jcaAlgorithm);
        s.initSign(key);
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + '.' + B64.encodeToString(s.sign());
    }

    /** Any header, "signed" with HMAC-SHA-256 under any bytes (e.g. a public key's, for algorithm confusion). */
    static String hmac(JsonObject header, JsonObject claims, byte[] key) throws Exception {
        String input = part(header) + '.' + part(claims);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return input + '.' + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }

    /** The PEM text of a public key, as the classic HS/RS confusion attack uses it as an HMAC key. */
    static byte[] pem(PublicKey key) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        return ("-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n").getBytes(StandardCharsets.US_ASCII);
    }

    static String unsigned(JsonObject header, JsonObject claims) {
        return part(header) + '.' + part(claims) + '.';
    }

    private static String part(JsonObject json) {
        return B64.encodeToString(json.encode().getBytes(StandardCharsets.UTF_8));
    }

    private static String unsigned(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        return B64.encodeToString(out);
    }
}

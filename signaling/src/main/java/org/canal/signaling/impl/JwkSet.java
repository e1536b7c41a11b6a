package org.canal.signaling.impl;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The public keys of a JWKS file (RFC 7517 section 5) that Canal accepts, and why it skipped the
 * others. A key is kept when it has a {@code kid} no other key has, is for signatures ({@code use}
 * absent or {@code "sig"}, {@code key_ops} absent or holding {@code "verify"}), carries no private
 * part, and is either an EC P-256 key for ES256 (RFC 7518 section 3.4; {@code x} and {@code y} of 32
 * bytes each, a point on the curve) or an RSA key of at least 2048 bits for RS256 (section 3.3).
 * {@code alg}, when present, must be the one of the key's type: a key is used with that algorithm
 * and no other. Certificates ({@code x5c}, {@code x5u}) are ignored.
 *
 * <p>Immutable; reading a file blocks, so the verifier reads it on a worker thread.
 */
public final class JwkSet {
    public static final int MAX_KID_CHARS = 256;
    static final int MAX_FILE_BYTES = 1024 * 1024;
    static final int MAX_KEYS = 256;
    static final int MIN_RSA_BITS = 2048;
    static final int MAX_RSA_BITS = 16384;
    private static final int P256_COORDINATE_BYTES = 32;
    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();
    private static final ECParameterSpec P256 = p256();

    /**
     * One usable public key.
     *
     * @param jwk the key's public members only, as vertx-auth-jwt reads them
     */
    public record Key(String kid, String alg, PublicKey publicKey, JsonObject jwk) {
        /** The length of a valid signature: 64 bytes (R and S, RFC 7518 section 3.4) or the RSA modulus length. */
        int signatureBytes() {
            return publicKey instanceof RSAPublicKey rsa ? (rsa.getModulus().bitLength() + 7) / 8 : 2 * P256_COORDINATE_BYTES;
        }
    }

    private final byte[] content;
    private final Map<String, Key> keys;
    private final List<String> problems;

    private JwkSet(byte[] content, Map<String, Key> keys, List<String> problems) {
        this.content = content;
        this.keys = Collections.unmodifiableMap(keys);
        this.problems = List.copyOf(problems);
    }

    /** The usable keys by {@code kid}. */
    public Map<String, Key> keys() {
        return keys;
    }

    /** One line per skipped key, naming its kid (or position) and the reason; no key material. */
    public List<String> problems() {
        return problems;
    }

    /** Whether {@code other} is exactly the file this set was read from. */
    boolean sameContent(byte[] other) {
        return java.util.Arrays.equals(content, other);
    }

    /** Whether {@code kid} is 1-256 printable ASCII characters, so that it can appear in messages and logs. */
    public static boolean isValidKid(String kid) {
        return kid != null && !kid.isEmpty() && kid.length() <= MAX_KID_CHARS
                && kid.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    /**
     * Reads and parses {@code file}. Blocks.
     *
     * @throws IllegalArgumentException when the file cannot be read, is larger than 1 MiB, or is not a JWKS
     */
    public static JwkSet read(Path file) {
        return parse(readBytes(file));
    }

    static byte[] readBytes(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                throw new IllegalArgumentException("the JWKS file " + file + " is larger than 1 MiB");
            }
            return bytes;
        } catch (IOException e) {
            throw new IllegalArgumentException("the JWKS file " + file + " cannot be read: " + e.getClass().getSimpleName());
        }
    }

    /** @throws IllegalArgumentException when {@code content} is not a JSON object with a {@code keys} array */
    static JwkSet parse(byte[] content) {
        JsonObject set;
        try {
            set = new JsonObject(new String(content, StandardCharsets.UTF_8));
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalArgumentException("the JWKS file is not a JSON object");
        }
        if (!(set.getValue("keys") instanceof JsonArray list)) {
            throw new IllegalArgumentException("the JWKS file has no \"keys\" array (RFC 7517 section 5)");
        }
        if (list.size() > MAX_KEYS) {
            throw new IllegalArgumentException("the JWKS file holds more than " + MAX_KEYS + " keys");
        }
        Map<String, Key> keys = new LinkedHashMap<>();
        Set<String> duplicated = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object entry = list.getValue(i);
            String name = entry instanceof JsonObject o && isValidKid(o.getValue("kid") instanceof String s ? s : null)
                    ? "key '" + o.getString("kid") + "'" : "key #" + i;
            try {
                if (!(entry instanceof JsonObject jwk)) {
                    throw new IllegalArgumentException("not a JSON object");
                }
                Key key = key(jwk);
                if (keys.containsKey(key.kid()) || duplicated.contains(key.kid())) {
                    duplicated.add(key.kid());
                    keys.remove(key.kid());
                    throw new IllegalArgumentException("its kid is used by another key too; both are skipped");
                }
                keys.put(key.kid(), key);
            } catch (IllegalArgumentException e) {
                problems.add(name + ": " + e.getMessage());
            }
        }
        return new JwkSet(content.clone(), keys, problems);
    }

    private static Key key(JsonObject jwk) {
        Object kid = jwk.getValue("kid");
        if (!(kid instanceof String k) || !isValidKid(k)) {
            throw new IllegalArgumentException("needs a \"kid\" of 1-" + MAX_KID_CHARS + " printable ASCII characters");
        }
        Object use = jwk.getValue("use");
        if (use != null && !"sig".equals(use)) {
            throw new IllegalArgumentException("\"use\" is not \"sig\"");
        }
        Object ops = jwk.getValue("key_ops");
        if (ops != null && !(ops instanceof JsonArray list && list.contains("verify"))) {
            throw new IllegalArgumentException("\"key_ops\" does not allow \"verify\"");
        }
        if (jwk.containsKey("d") || jwk.containsKey("p") || jwk.containsKey("k")) {
            throw new IllegalArgumentException("holds private or secret key material; publish only the public key");
        }
        Object kty = jwk.getValue("kty");
        if ("EC".equals(kty)) {
            return ecKey(k, jwk);
        }
        if ("RSA".equals(kty)) {
            return rsaKey(k, jwk);
        }
        throw new IllegalArgumentException("\"kty\" must be \"EC\" (ES256) or \"RSA\" (RS256)");
    }

    private static Key ecKey(String kid, JsonObject jwk) {
        requireAlg(jwk, "ES256");
        if (!"P-256".equals(jwk.getValue("crv"))) {
            throw new IllegalArgumentException("an EC key must be on \"crv\": \"P-256\" (ES256)");
        }
        BigInteger x = coordinate(jwk, "x");
        BigInteger y = coordinate(jwk, "y");
        if (!onCurve(P256, x, y)) {
            throw new IllegalArgumentException("its point is not on P-256");
        }
        try {
            PublicKey key = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), P256));
            JsonObject clean = new JsonObject().put("kty", "EC").put("kid", kid).put("alg", "ES256").put("use", "sig")
                    .put("crv", "P-256").put("x", jwk.getString("x")).put("y", jwk.getString("y"));
            return new Key(kid, "ES256", (ECPublicKey) key, clean);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a valid P-256 public key");
        }
    }

    private static Key rsaKey(String kid, JsonObject jwk) {
        requireAlg(jwk, "RS256");
        BigInteger n = new BigInteger(1, bytes(jwk, "n"));
        BigInteger e = new BigInteger(1, bytes(jwk, "e"));
        if (n.bitLength() < MIN_RSA_BITS || n.bitLength() > MAX_RSA_BITS) {
            throw new IllegalArgumentException("an RSA key must have " + MIN_RSA_BITS + " to " + MAX_RSA_BITS
                    + " bits, this one has " + n.bitLength());
        }
        if (!e.testBit(0) || e.compareTo(BigInteger.valueOf(3)) < 0) {
            throw new IllegalArgumentException("its RSA exponent \"e\" is not an odd number of at least 3");
        }
        try {
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
            JsonObject clean = new JsonObject().put("kty", "RSA").put("kid", kid).put("alg", "RS256").put("use", "sig")
                    .put("n", jwk.getString("n")).put("e", jwk.getString("e"));
            return new Key(kid, "RS256", key, clean);
        } catch (GeneralSecurityException ex) {
            throw new IllegalArgumentException("not a valid RSA public key");
        }
    }

    private static void requireAlg(JsonObject jwk, String alg) {
        Object declared = jwk.getValue("alg");
        if (declared != null && !alg.equals(declared)) {
            throw new IllegalArgumentException("\"alg\" must be \"" + alg + "\" for this key type");
        }
    }

    private static BigInteger coordinate(JsonObject jwk, String name) {
        byte[] b = bytes(jwk, name);
        if (b.length != P256_COORDINATE_BYTES) {
            throw new IllegalArgumentException("\"" + name + "\" must be 32 bytes (RFC 7518 section 6.2.1.2)");
        }
        return new BigInteger(1, b);
    }

    private static byte[] bytes(JsonObject jwk, String name) {
        Object v = jwk.getValue(name);
        if (!(v instanceof String s) || s.isEmpty()) {
            throw new IllegalArgumentException("\"" + name + "\" is missing");
        }
        try {
            return BASE64URL.decode(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + name + "\" is not base64url");
        }
    }

    /** y^2 = x^3 + ax + b (mod p), with 0 <= x, y < p (SEC 1 section 3.2.2.1). */
    private static boolean onCurve(ECParameterSpec spec, BigInteger x, BigInteger y) {
        EllipticCurve curve = spec.getCurve();
        BigInteger p = ((ECFieldFp) curve.getField()).getP();
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return false;
        }
        BigInteger right = x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()).mod(p);
        return y.modPow(BigInteger.TWO, p).equals(right);
    }

    /** The order of P-256's base point, for the range check of ECDSA signatures. */
    static BigInteger p256Order() {
        return P256.getOrder();
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
            parameters.init(new ECGenParameterSpec("secp256r1"));
            return parameters.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("P-256 is part of every JDK", e);
        }
    }
}

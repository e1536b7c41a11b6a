package org.canal.signaling.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.canal.signaling.ErrorCode;
import org.canal.signaling.SignalingOptions;
import org.canal.signaling.TokenKeys;

/**
 * Verifies join tokens (docs/tokens.md, "How Canal checks a token"), in four steps, each refusal
 * with its own code:
 * <ol>
 * <li>form: a JWS compact serialization (RFC 7515 section 7.1) whose header and claims are JSON
 *     objects, no header that names a key or demands an extension ({@code jku}, {@code jwk},
 *     {@code x5u}, {@code x5c}, {@code crit}: RFC 8725 section 3.10), every required claim present
 *     and of its type ({@link TokenClaims});</li>
 * <li>key: {@code alg} must be one this node accepts ({@code none} never, RFC 8725 section 3.1) and
 *     the algorithm of the key that {@code kid} selects. HS256 is verified with the shared secret only
 *     for tokens without a {@code kid} or with the secret's own kid; ES256/RS256 tokens must name their
 *     public key. So a token cannot switch a key's algorithm (e.g. HS256 "signed" with an RSA public
 *     key's bytes);</li>
 * <li>signature: of the exact length for the algorithm (ECDSA R and S in range), then checked by
 *     vertx-auth-jwt with a verifier that holds only the selected key;</li>
 * <li>validity: {@code exp}, {@code nbf}, {@code iat} within the clock skew, {@code iss},
 *     {@code aud}, the server and channel the {@code join} asks for, and the join grant.</li>
 * </ol>
 * Neither the token nor its claims are logged. Thread-safe.
 */
final class TokenVerifier {
    private static final Set<String> FORBIDDEN_HEADERS = Set.of("jku", "jwk", "x5u", "x5c", "crit");
    private static final Set<String> KNOWN_ALGORITHMS = Set.of("HS256", "ES256", "RS256");
    private static final int HS256_SIGNATURE_BYTES = 32;
    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

    /** The key a token's header selected, with what its signature must look like. */
    private record Selected(String alg, JWTAuth auth, int signatureBytes) {}

    private final Set<String> algorithms;
    private final Selected secret;
    private final String secretKid;
    private final PublicKeyStore publicKeys;
    private final String issuer;
    private final String audience;
    private final long skewSeconds;
    private final Clock clock;

    TokenVerifier(Vertx vertx, SignalingOptions options, Clock clock) {
        TokenKeys keys = options.tokenKeys();
        Optional<TokenKeys.Hs256> hs = keys instanceof TokenKeys.Hs256 h ? Optional.of(h)
                : ((TokenKeys.Jwks) keys).hs256();
        this.secret = hs.map(h -> new Selected("HS256", JWTAuth.create(vertx, new JWTAuthOptions()
                .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(Buffer.buffer(h.secret())))
                .setJWTOptions(new JWTOptions().setIgnoreExpiration(true))), HS256_SIGNATURE_BYTES)).orElse(null);
        this.secretKid = hs.flatMap(TokenKeys.Hs256::kid).orElse(null);
        this.publicKeys = keys instanceof TokenKeys.Jwks jwks ? new PublicKeyStore(vertx, jwks, secretKid) : null;
        this.algorithms = keys.algorithms();
        this.issuer = options.issuer();
        this.audience = options.audience();
        this.skewSeconds = options.clockSkew().toSeconds();
        this.clock = clock;
    }

    /**
     * @param server the server the {@code join} asks for, or null
     * @param channel the channel the {@code join} asks for, or null
     */
    Future<JoinGrant> verify(String token, String server, String channel) {
        String[] parts = token.split("\\.", -1);
        String alg;
        String kid;
        TokenClaims claims;
        byte[] signature;
        try {
            if (parts.length != 3) {
                throw TokenClaims.malformed("the token is not a signed JWT (header.claims.signature)");
            }
            JsonObject header = json(parts[0], "header");
            alg = algorithm(header); // before the signature's presence, so that alg "none" is named as such
            kid = kid(header);
            if (parts[2].isEmpty()) {
                throw TokenClaims.malformed("the token has no signature");
            }
            signature = base64url(parts[2], "signature");
            claims = TokenClaims.read(json(parts[1], "claims"), "HS256".equals(alg));
        } catch (SignalingException e) {
            return Future.failedFuture(e);
        }
        return select(alg, kid)
                .compose(selected -> checkSignature(token, signature, selected))
                .compose(ok -> {
                    try {
                        return Future.succeededFuture(grant(claims, server, channel));
                    } catch (SignalingException e) {
                        return Future.failedFuture(e);
                    }
                });
    }

    void close() {
        if (publicKeys != null) {
            publicKeys.close();
        }
    }

    private String algorithm(JsonObject header) throws SignalingException {
        Object alg = header.getValue("alg");
        if (!(alg instanceof String a)) {
            throw TokenClaims.malformed("the token's header has no 'alg'");
        }
        if (!KNOWN_ALGORITHMS.contains(a) || !algorithms.contains(a)) {
            throw new SignalingException(ErrorCode.TOKEN_ALGORITHM_NOT_ALLOWED, "'alg' "
                    + (a.length() <= 16 && a.chars().allMatch(c -> c > 0x20 && c < 0x7f) ? "'" + a + "'" : "(unprintable)")
                    + " is not accepted; this node accepts " + new TreeSet<>(algorithms));
        }
        for (String name : FORBIDDEN_HEADERS) {
            if (header.containsKey(name)) {
                throw TokenClaims.malformed("the token's header names a key or an extension ('" + name
                        + "'); Canal uses only its own keys");
            }
        }
        return a;
    }

    private static String kid(JsonObject header) throws SignalingException {
        Object kid = header.getValue("kid");
        if (kid == null) {
            return null;
        }
        if (!(kid instanceof String k) || !JwkSet.isValidKid(k)) {
            throw TokenClaims.malformed("the header's 'kid' must be 1-" + JwkSet.MAX_KID_CHARS + " printable ASCII characters");
        }
        return k;
    }

    /** The key the header names, refusing an algorithm that is not that key's. */
    private Future<Selected> select(String alg, String kid) {
        if (kid == null) {
            if ("HS256".equals(alg)) {
                return Future.succeededFuture(secret); // HS256 is accepted, so there is a secret
            }
            return refuse(ErrorCode.TOKEN_UNKNOWN_KEY, "a token signed with " + alg + " must name its key in the header's 'kid'");
        }
        if (kid.equals(secretKid)) {
            return "HS256".equals(alg) ? Future.succeededFuture(secret)
                    : refuse(ErrorCode.TOKEN_ALGORITHM_NOT_ALLOWED, "'kid' '" + kid + "' is an HS256 key; the token says " + alg);
        }
        if (publicKeys == null) {
            return refuse(ErrorCode.TOKEN_UNKNOWN_KEY, "this node has no key '" + kid + "'");
        }
        return publicKeys.find(kid).compose(found -> {
            if (found.isEmpty()) {
                return refuse(ErrorCode.TOKEN_UNKNOWN_KEY, "this node has no key '" + kid + "' (unknown, or rotated out)");
            }
            JwkSet.Key key = found.get().key();
            if (!key.alg().equals(alg)) {
                return refuse(ErrorCode.TOKEN_ALGORITHM_NOT_ALLOWED, "key '" + kid + "' is an " + key.alg()
                        + " key; the token says " + alg);
            }
            return Future.succeededFuture(new Selected(alg, found.get().auth(), key.signatureBytes()));
        });
    }

    private static Future<Void> checkSignature(String token, byte[] signature, Selected key) {
        if (signature.length != key.signatureBytes() || ("ES256".equals(key.alg()) && !ecdsaInRange(signature))) {
            return refuse(ErrorCode.TOKEN_BAD_SIGNATURE, "the token's signature does not verify");
        }
        Future<?> verified;
        try {
            verified = key.auth().authenticate(new TokenCredentials(token));
        } catch (RuntimeException e) {
            verified = Future.failedFuture(e);
        }
        return verified.transform(ar -> ar.succeeded() ? Future.succeededFuture()
                : refuse(ErrorCode.TOKEN_BAD_SIGNATURE, "the token's signature does not verify"));
    }

    /** 0 < R, S < n (FIPS 186-4 section 6.4), as R || S of 32 bytes each (RFC 7518 section 3.4). */
    private static boolean ecdsaInRange(byte[] signature) {
        BigInteger n = JwkSet.p256Order();
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, 32));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        return r.signum() > 0 && s.signum() > 0 && r.compareTo(n) < 0 && s.compareTo(n) < 0;
    }

    /** Claims of a token whose signature holds: valid now, for this node, for the call asked for. */
    private JoinGrant grant(TokenClaims c, String server, String channel) throws SignalingException {
        long now = clock.instant().getEpochSecond();
        if (now >= c.exp() + skewSeconds) {
            throw new SignalingException(ErrorCode.TOKEN_EXPIRED, "the token expired");
        }
        if (c.iat() > now + skewSeconds || (c.nbf() != null && c.nbf() > now + skewSeconds)) {
            throw new SignalingException(ErrorCode.TOKEN_NOT_YET_VALID, "the token is not valid yet ('nbf' or 'iat' is ahead)");
        }
        if (!issuer.equals(c.issuer())) {
            throw new SignalingException(ErrorCode.TOKEN_WRONG_ISSUER, "the token's 'iss' is not this node's issuer");
        }
        if (!c.audience().contains(audience)) {
            throw new SignalingException(ErrorCode.TOKEN_WRONG_AUDIENCE, "the token's 'aud' does not name " + audience);
        }
        if ((server != null && !server.equals(c.server())) || (channel != null && !channel.equals(c.channel()))) {
            throw new SignalingException(ErrorCode.TOKEN_WRONG_CHANNEL, "the token is for another server or channel");
        }
        if (!c.grants().join()) {
            throw new SignalingException(ErrorCode.TOKEN_NOT_ALLOWED, "the token's grants do not include 'join'");
        }
        return new JoinGrant(c.server(), c.channel(), c.subject(), c.invite(), c.grants(), c.viaInvite());
    }

    private static JsonObject json(String part, String what) throws SignalingException {
        try {
            return new JsonObject(new String(base64url(part, what), StandardCharsets.UTF_8));
        } catch (DecodeException | ClassCastException e) {
            throw TokenClaims.malformed("the token's " + what + " is not a JSON object");
        }
    }

    /** Unpadded base64url (RFC 7515 section 2). */
    private static byte[] base64url(String part, String what) throws SignalingException {
        try {
            if (part.indexOf('=') >= 0) {
                throw new IllegalArgumentException("padded");
            }
            return BASE64URL.decode(part);
        } catch (IllegalArgumentException e) {
            throw TokenClaims.malformed("the token's " + what + " is not base64url");
        }
    }

    private static <T> Future<T> refuse(ErrorCode code, String reason) {
        return Future.failedFuture(new SignalingException(code, reason));
    }
}

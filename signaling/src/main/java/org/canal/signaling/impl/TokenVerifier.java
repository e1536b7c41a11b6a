package org.canal.signaling.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.canal.signaling.ErrorCode;
import org.canal.signaling.Ids;
import org.canal.signaling.SignalingOptions;
import org.canal.signaling.TokenKeys;

/**
 * Verifies join tokens (docs/signaling.md, "Join tokens"). The header is read first and anything but
 * the keys' algorithms is refused (RFC 8725 section 3.1: {@code alg: none}, algorithm substitution),
 * as are headers that point at other keys ({@code jku}, {@code jwk}, {@code x5u}, {@code x5c}) or
 * demand extensions ({@code crit}). vertx-auth-jwt then checks the signature, {@code exp},
 * {@code nbf}, {@code iat}, {@code iss} and {@code aud} with the clock skew as leeway; Canal checks
 * again that every required claim is present and well formed, since the library accepts a token
 * without {@code exp}.
 *
 * <p>Refusals fail with UNAUTHORIZED and a reason for developers; neither the token nor its claims
 * are logged. Thread-safe.
 */
final class TokenVerifier {
    private static final Set<String> FORBIDDEN_HEADERS = Set.of("jku", "jwk", "x5u", "x5c", "crit");
    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

    private final JWTAuth jwt;
    private final Set<String> algorithms;
    private final String issuer;
    private final String audience;
    private final long skewSeconds;
    private final Clock clock;

    TokenVerifier(Vertx vertx, SignalingOptions options, Clock clock) {
        JWTAuthOptions auth = new JWTAuthOptions().setJWTOptions(new JWTOptions()
                .setLeeway((int) options.clockSkew().toSeconds())
                .setIssuer(options.issuer())
                .setAudience(List.of(options.audience())));
        TokenKeys keys = options.tokenKeys();
        if (keys instanceof TokenKeys.Hs256 hs) {
            auth.addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(Buffer.buffer(hs.secret())));
        }
        this.jwt = JWTAuth.create(vertx, auth);
        this.algorithms = keys.algorithms();
        this.issuer = options.issuer();
        this.audience = options.audience();
        this.skewSeconds = options.clockSkew().toSeconds();
        this.clock = clock;
    }

    Future<JoinGrant> verify(String token) {
        JsonObject claims;
        try {
            claims = checkHeaderAndReadClaims(token);
        } catch (SignalingException e) {
            return Future.failedFuture(e);
        }
        Future<?> authenticated;
        try {
            authenticated = jwt.authenticate(new TokenCredentials(token));
        } catch (RuntimeException e) {
            // the library throws, rather than fails, on some ill-typed claims (e.g. "exp" as text)
            authenticated = Future.failedFuture(e);
        }
        return authenticated
                .recover(failure -> Future.failedFuture(refused("the token's signature or times are not valid")))
                .compose(user -> {
                    try {
                        return Future.succeededFuture(grant(claims));
                    } catch (SignalingException e) {
                        return Future.failedFuture(e);
                    }
                });
    }

    /** Reads the header and payload of a compact JWS (RFC 7515 section 7.1) without trusting them yet. */
    private JsonObject checkHeaderAndReadClaims(String token) throws SignalingException {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || parts[2].isEmpty()) {
            throw refused("the token is not a signed JWT");
        }
        JsonObject header = decodeJson(parts[0]);
        Object alg = header.getValue("alg");
        if (!(alg instanceof String a) || !algorithms.contains(a)) {
            throw refused("the token's algorithm is not accepted");
        }
        for (String name : FORBIDDEN_HEADERS) {
            if (header.containsKey(name)) {
                throw refused("the token's header names a key or extension ('" + name + "')");
            }
        }
        return decodeJson(parts[1]);
    }

    private static JsonObject decodeJson(String part) throws SignalingException {
        try {
            return new JsonObject(new String(BASE64URL.decode(part), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
            throw refused("the token is not a JWT");
        }
    }

    /** Claims after the signature checked out: all required ones present, times within the skew. */
    private JoinGrant grant(JsonObject claims) throws SignalingException {
        long now = clock.instant().getEpochSecond();
        if (!issuer.equals(claims.getValue("iss"))) {
            throw refused("the token's 'iss' is not this node's issuer");
        }
        Object aud = claims.getValue("aud");
        boolean audienceOk = audience.equals(aud) || (aud instanceof JsonArray list && list.contains(audience));
        if (!audienceOk) {
            throw refused("the token's 'aud' does not name " + audience);
        }
        long exp = seconds(claims, "exp", true);
        long iat = seconds(claims, "iat", true);
        long nbf = seconds(claims, "nbf", false);
        if (now >= exp + skewSeconds) {
            throw refused("the token has expired");
        }
        if (iat > now + skewSeconds || (claims.containsKey("nbf") && nbf > now + skewSeconds)) {
            throw refused("the token is not valid yet");
        }
        if (!(claims.getValue("jti") instanceof String jti) || jti.isEmpty() || jti.length() > 128) {
            throw refused("the token has no 'jti'");
        }
        String server = id(claims, "server");
        String channel = id(claims, "channel");
        boolean invite = Boolean.TRUE.equals(claims.getValue("invite"));
        Object sub = claims.getValue("sub");
        if (invite == (sub != null)) {
            throw refused("the token must carry either 'sub' or 'invite': true");
        }
        return new JoinGrant(server, channel, invite ? null : id(claims, "sub"), invite);
    }

    private static long seconds(JsonObject claims, String name, boolean required) throws SignalingException {
        Object v = claims.getValue(name);
        if (v == null && !required) {
            return 0;
        }
        if (!(v instanceof Integer || v instanceof Long)) {
            throw refused("the token's '" + name + "' is missing or not a number of seconds");
        }
        return ((Number) v).longValue();
    }

    private static String id(JsonObject claims, String name) throws SignalingException {
        Object v = claims.getValue(name);
        if (!(v instanceof String s) || !Ids.isValid(s)) {
            throw refused("the token's '" + name + "' is missing or not an id (1-64 of A-Z a-z 0-9 . _ ~ -)");
        }
        return s;
    }

    private static SignalingException refused(String reason) {
        return new SignalingException(ErrorCode.UNAUTHORIZED, reason);
    }
}

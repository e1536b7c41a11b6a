package org.canal.signaling;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints join tokens (JWS compact serialization, RFC 7515 section 7.1, signed with HS256, RFC 7518
 * section 3.2) with the claims docs/tokens.md lists, so that tokens are made and checked in one
 * module. Needs no Vert.x instance: the {@code canal token} command uses it offline.
 *
 * <p>Immutable and thread-safe. Never log what it returns: a token is a credential.
 */
public final class JoinTokens {
    /** The longest lifetime a minted token may have: invites are meant for a meeting, not forever. */
    public static final Duration MAX_TTL = Duration.ofDays(30);

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final String HEADER = BASE64URL.encodeToString(
            "{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    private final byte[] secret;
    private final String issuer;
    private final String audience;
    private final Clock clock;

    public JoinTokens(byte[] secret, String issuer, String audience, Clock clock) {
        TokenKeys.hs256(secret); // the same length rule as verification
        this.secret = secret.clone();
        this.issuer = Objects.requireNonNull(issuer);
        this.audience = Objects.requireNonNull(audience);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Tokens for audience {@value SignalingOptions#DEFAULT_AUDIENCE}, timed by the system clock. */
    public static JoinTokens hs256(byte[] secret, String issuer) {
        return new JoinTokens(secret, issuer, SignalingOptions.DEFAULT_AUDIENCE, Clock.systemUTC());
    }

    /** Tokens that the node configured with {@code options} accepts (its HS256 secret, issuer and audience). */
    public static JoinTokens forOptions(SignalingOptions options, byte[] secret) {
        return new JoinTokens(secret, options.issuer(), options.audience(), Clock.systemUTC());
    }

    /**
     * A multi-use invite to {@code server/channel}: every join with it gets a fresh random participant id.
     */
    public String mintInvite(String server, String channel, Duration ttl) {
        return mint(claims(server, channel, ttl).put("invite", true));
    }

    /**
     * A token that joins {@code server/channel} as participant {@code sub}. It carries no
     * {@code grants}, so it gets {@link Grants#PARTICIPANT} (docs/tokens.md).
     */
    public String mintJoin(String sub, String server, String channel, Duration ttl) {
        requireId("sub", sub);
        return mint(claims(server, channel, ttl).put("sub", sub));
    }

    /** A token that joins {@code server/channel} as participant {@code sub} with exactly {@code grants}. */
    public String mintJoin(String sub, String server, String channel, Duration ttl, Grants grants) {
        return mintJoin(sub, server, channel, ttl, grants, false);
    }

    /**
     * A token that joins {@code server/channel} as participant {@code sub} with exactly {@code grants};
     * with {@code viaInvite} it carries {@code "via": "invite"}, so that it may join a call a moderator
     * made invite-only (docs/tokens.md, docs/moderation.md). Mint it so only when redeeming an invite.
     */
    public String mintJoin(String sub, String server, String channel, Duration ttl, Grants grants, boolean viaInvite) {
        requireId("sub", sub);
        JsonObject claims = claims(server, channel, ttl).put("sub", sub).put("grants", grants.toJson());
        return mint(viaInvite ? claims.put("via", "invite") : claims);
    }

    private JsonObject claims(String server, String channel, Duration ttl) {
        requireId("server", server);
        requireId("channel", channel);
        if (ttl == null || ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("ttl must be positive and at most " + MAX_TTL.toDays() + " days");
        }
        long now = clock.instant().getEpochSecond();
        return new JsonObject().put("iss", issuer).put("aud", audience).put("iat", now)
                .put("exp", now + ttl.toSeconds()).put("jti", Ids.random(16))
                .put("server", server).put("channel", channel);
    }

    private String mint(JsonObject claims) {
        String signingInput = HEADER + '.' + BASE64URL.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + '.' + BASE64URL.encodeToString(signature);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static void requireId(String claim, String value) {
        if (!Ids.isValid(value)) {
            throw new IllegalArgumentException(claim + " must be 1-64 characters of A-Z a-z 0-9 . _ ~ -");
        }
    }
}

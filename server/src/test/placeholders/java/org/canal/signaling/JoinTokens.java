package org.canal.signaling;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

/**
 * Stand-in until signaling lands: mints real HS256 tokens with the claims of docs/signaling.md, so the
 * dev mode and the token command can be tested before the merge.
 */
public final class JoinTokens {
    private final JWTAuth auth;
    private final SignalingOptions options;

    public JoinTokens(Vertx vertx, SignalingOptions options) {
        this.options = options;
        this.auth = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
                .setAlgorithm("HS256").setBuffer(new String(options.secret(), StandardCharsets.UTF_8))));
    }

    public String mintInvite(String server, String channel, Duration ttl) {
        return mint(new JsonObject().put("invite", true), server, channel, ttl);
    }

    public String mintJoin(String sub, String server, String channel, Duration ttl) {
        return mint(new JsonObject().put("sub", sub), server, channel, ttl);
    }

    private String mint(JsonObject claims, String server, String channel, Duration ttl) {
        claims.put("server", server).put("channel", channel).put("jti", UUID.randomUUID().toString());
        return auth.generateToken(claims, new JWTOptions().setAlgorithm("HS256").setIssuer(options.issuer())
                .setAudience(java.util.List.of(options.audience())).setExpiresInSeconds((int) ttl.toSeconds()));
    }
}

package org.canal.server;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import org.canal.cluster.invites.InviteRefusal;
import org.canal.cluster.invites.InviteRefusedException;
import org.canal.cluster.invites.InviteStore;
import org.canal.signaling.Ids;

/**
 * {@code POST /invites/redeem} with {@code {"invite": "<secret>"}}: uses the invite once and answers a
 * short-lived join token for a fresh participant id, or the refusal's code (docs/invites.md). Neither
 * the secret nor the token is logged. Each client address may try {@code limits.redeem} times (HTTP
 * 429 beyond): invite secrets cannot be guessed, but every attempt is a cluster operation.
 */
final class InviteRedeemHandler implements Handler<RoutingContext> {
    private static final System.Logger LOG = System.getLogger(InviteRedeemHandler.class.getName());
    /** Long enough to open a WebSocket and join; the page redeems right before it joins. */
    static final Duration TOKEN_TTL = Duration.ofMinutes(2);

    private final InviteStore invites;
    private final TokenMinter tokens;
    private final Clock clock;
    private final AddressRateLimit limit;

    InviteRedeemHandler(InviteStore invites, TokenMinter tokens, Clock clock, AddressRateLimit limit) {
        this.invites = invites;
        this.tokens = tokens;
        this.clock = clock;
        this.limit = limit;
    }

    @Override
    public void handle(RoutingContext context) {
        if (!limit.admit(context, limit.clientOf(context))) {
            return;
        }
        JsonObject body = HttpErrors.body(context);
        if (body == null) {
            return;
        }
        if (!(body.getValue("invite") instanceof String secret)) {
            HttpErrors.error(context, 400, "BAD_REQUEST", "expected {\"invite\": \"<secret>\"}");
            return;
        }
        invites.redeem(secret, clock.instant()).onSuccess(redeemed -> {
            String participant = "guest-" + Ids.random(12);
            String token = tokens.join(participant, redeemed.server(), redeemed.channel(), redeemed.grants(), TOKEN_TTL);
            HttpErrors.json(context, 200, new JsonObject().put("token", token).put("server", redeemed.server())
                    .put("channel", redeemed.channel()).put("grants", new JsonArray(redeemed.grants()))
                    .put("expiresIn", TOKEN_TTL.toSeconds()));
        }).onFailure(failure -> {
            if (failure instanceof InviteRefusedException refused) {
                InviteRefusal reason = refused.reason();
                // Unknown: nothing there. The others existed and are gone for good.
                HttpErrors.error(context, reason == InviteRefusal.INVITE_UNKNOWN ? 404 : 410, reason.name(), message(reason));
            } else {
                LOG.log(System.Logger.Level.WARNING, "redeeming an invite failed: {0}", failure.toString());
                HttpErrors.error(context, 503, "UNAVAILABLE", "invites cannot be checked right now; try again");
            }
        });
    }

    static String message(InviteRefusal reason) {
        return switch (reason) {
            case INVITE_UNKNOWN -> "no such invite";
            case INVITE_REVOKED -> "the invite was revoked";
            case INVITE_EXPIRED -> "the invite has expired";
            case INVITE_USED_UP -> "the invite has been used as many times as it allows";
        };
    }
}

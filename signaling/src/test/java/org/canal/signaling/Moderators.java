package org.canal.signaling;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.EnumSet;

/** Joins with chosen grants and sends moderation requests, for the moderation tests. */
final class Moderators {
    /** A moderator that neither publishes nor subscribes, so that no negotiation crosses its messages. */
    static final Grants MODERATOR = new Grants(true, EnumSet.noneOf(Grants.Publish.class), false, true);

    private Moderators() {}

    /** {@code client} joins srv/{channel} as participant {@code sub}; its {@code joined} is returned. */
    static JsonObject join(SignalingNode node, WsClient client, String sub, String channel, String name, Grants grants)
            throws Exception {
        client.send(SignalingNode.join(token(node, sub, channel, grants, false), name));
        return client.next("joined");
    }

    static String token(SignalingNode node, String sub, String channel, Grants grants, boolean viaInvite) {
        return node.tokens.mintJoin(sub, "srv", channel, Duration.ofMinutes(5), grants, viaInvite);
    }

    static JsonObject moderate(String id, String action) {
        return new JsonObject().put("type", "moderate").put("id", id).put("action", action);
    }

    static JsonObject moderate(String id, String action, String participant) {
        return moderate(id, action).put("participant", participant);
    }
}

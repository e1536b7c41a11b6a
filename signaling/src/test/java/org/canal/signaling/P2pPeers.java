package org.canal.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

/** Joins and messages of P2P-capable clients, for the media mode tests (docs/signaling.md, "Media mode"). */
final class P2pPeers {
    /** A moderator that may also publish and subscribe, so that it does not keep the call off P2P by its grants. */
    static final Grants FULL_MODERATOR = new Grants(true, EnumSet.allOf(Grants.Publish.class), true, true);

    private P2pPeers() {}

    static SignalingOptions options(Duration returnDelay, Duration switchTimeout) {
        return SignalingNode.defaultOptions("node-" + Ids.random(6).replace('_', 'x'))
                .withP2p(P2pOptions.DEFAULTS.withReturnDelay(returnDelay).withSwitchTimeout(switchTimeout));
    }

    /** {@code client} joins srv/{channel} as {@code sub} with {@code features: ["p2p"]}; its {@code joined}. */
    static JsonObject join(SignalingNode node, WsClient client, String sub, String channel) throws Exception {
        return join(node, client, sub, channel, Grants.PARTICIPANT);
    }

    static JsonObject join(SignalingNode node, WsClient client, String sub, String channel, Grants grants)
            throws Exception {
        client.send(SignalingNode.join(Moderators.token(node, sub, channel, grants, false), sub)
                .put("features", new JsonArray().add("p2p")));
        return client.next("joined");
    }

    /** The next message of {@code type}, skipping others (negotiation and presence messages interleave). */
    static JsonObject nextOf(WsClient client, String type) throws InterruptedException {
        while (true) {
            JsonObject m = client.next();
            if (type.equals(m.getString("type"))) {
                return m;
            }
        }
    }

    /** No message of any of {@code types} arrives for {@code millis} (others may). */
    static void noneOf(WsClient client, long millis, String... types) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        for (long left = millis; left > 0; left = deadline - System.currentTimeMillis()) {
            JsonObject m = client.poll(left);
            if (m != null) {
                assertThat(m.getString("type")).as("message %s", m.encode()).isNotIn((Object[]) types);
            }
        }
    }

    static JsonObject media(long epoch, String mode, String peer, String role, boolean relayOnly) {
        return new JsonObject().put("epoch", epoch).put("mode", mode).put("peer", peer).put("role", role)
                .put("relayOnly", relayOnly);
    }

    /** A {@code media} message's epoch fields, without its type. */
    static JsonObject epochOf(JsonObject mediaMessage) {
        JsonObject copy = mediaMessage.copy();
        copy.remove("type");
        return copy;
    }

    static JsonObject mediaReady(long epoch) {
        return new JsonObject().put("type", "mediaReady").put("epoch", epoch);
    }

    static JsonObject offer(long epoch, String sdp) {
        return new JsonObject().put("type", "p2pSignal").put("epoch", epoch)
                .put("description", new JsonObject().put("type", "offer").put("sdp", sdp));
    }

    static JsonObject candidate(long epoch, String candidate) {
        return new JsonObject().put("type", "p2pSignal").put("epoch", epoch).put("candidate", new JsonObject()
                .put("candidate", candidate).put("sdpMid", "0").put("sdpMLineIndex", 0).put("usernameFragment", "uf1"));
    }

    static JsonObject publish(String id) {
        return new JsonObject().put("type", "publish").put("id", id).put("sdp", CapturedSdp.text("chromium-offer-plain"));
    }

    static List<String> types(List<JsonObject> messages) {
        return messages.stream().map(m -> m.getString("type")).toList();
    }
}

package org.canal.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code joined.iceServers} (docs/signaling.md, docs/turn.md): the configured STUN URLs, and the TURN
 * URLs with a credential minted for that {@code joined} under a random id that names neither the
 * participant nor the session; a resume gets a fresh one.
 */
@ExtendWith(VertxExtension.class)
class JoinedIceServersTest {
    private static final byte[] TURN_SECRET = "a-turn-secret-only-this-test-knows".getBytes(StandardCharsets.UTF_8);
    private static final Duration TTL = Duration.ofMinutes(20);

    private SignalingNode node;

    @AfterEach
    void stop() throws Exception {
        node.close();
    }

    @Test
    void joinedCarriesStunAndFreshTurnCredentials(Vertx vertx) throws Exception {
        TurnCredentials credentials = new TurnCredentials(TURN_SECRET, TTL, Clock.systemUTC());
        IceServers servers = new IceServers(List.of("stun:192.0.2.10:40000"),
                List.of("turn:turn.example:3478?transport=udp", "turns:turn.example:5349?transport=tcp"), credentials);
        node = SignalingNode.start(vertx, SignalingNode.defaultOptions("ice-" + Ids.random(6).replace('_', 'x'))
                .withIceServers(servers));

        WsClient ana = node.client();
        JsonObject joined = node.joinInvite(ana, "ice", "Ana");
        JsonArray ice = joined.getJsonArray("iceServers");

        assertThat(ice).hasSize(2);
        assertThat(ice.getJsonObject(0)).isEqualTo(new JsonObject().put("urls", new JsonArray().add("stun:192.0.2.10:40000")));
        JsonObject turn = ice.getJsonObject(1);
        assertThat(turn.getJsonArray("urls")).containsExactly("turn:turn.example:3478?transport=udp",
                "turns:turn.example:5349?transport=tcp");
        String username = turn.getString("username");
        assertThat(username).matches("\\d{10}:[A-Za-z0-9_-]{16}");
        long expiry = Long.parseLong(username.substring(0, username.indexOf(':')));
        long expected = Instant.now().plus(TTL).getEpochSecond();
        assertThat(expiry).isBetween(expected - 60, expected + 60);
        String opaque = username.substring(username.indexOf(':') + 1);
        assertThat(opaque).isNotEqualTo(joined.getJsonObject("self").getString("id"))
                .isNotEqualTo(joined.getString("session"));
        assertThat(joined.encode()).doesNotContain(new String(TURN_SECRET, StandardCharsets.UTF_8));
        assertThat(turn.getString("credential"))
                .isEqualTo(credentials.mintExpiringAt(Instant.ofEpochSecond(expiry), opaque).password());

        // a resume (here taking over the live socket) mints a new credential under a new id
        WsClient again = node.client();
        again.send(new JsonObject().put("type", "resume").put("id", "r1")
                .put("session", joined.getString("session")).put("resume", joined.getString("resume")));
        JsonObject resumed = again.next("joined");
        String resumedUsername = resumed.getJsonArray("iceServers").getJsonObject(1).getString("username");
        assertThat(resumedUsername.substring(resumedUsername.indexOf(':') + 1)).isNotEqualTo(opaque);
        again.close();
    }

    @Test
    void noIceServersByDefaultAndUrlsAreChecked(Vertx vertx) throws Exception {
        node = SignalingNode.start(vertx);
        WsClient ana = node.client();
        assertThat(node.joinInvite(ana, "plain", "Ana").getJsonArray("iceServers")).isEmpty();
        ana.close();

        TurnCredentials credentials = new TurnCredentials(TURN_SECRET, TTL, Clock.systemUTC());
        assertThatThrownBy(() -> new IceServers(List.of("http://x"), List.of(), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IceServers(List.of(), List.of("turn:x?transport=sctp"), credentials))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IceServers(List.of(), List.of("turn:x"), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IceServers(List.of(), List.of(), credentials))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

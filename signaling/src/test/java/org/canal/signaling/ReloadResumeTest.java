package org.canal.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import org.canal.media.api.LocalTransport;
import org.canal.media.api.MediaCommand;
import org.canal.media.api.TransportDirection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A reloaded page resumes its session with {@code reload: true} (docs/signaling.md, Sessions): same
 * participant, nobody sees a leave, but its PeerConnections are new, so the node closes the old
 * transports at once and the next publish opens a fresh one (against the real media engine).
 */
@ExtendWith(VertxExtension.class)
class ReloadResumeTest {
    private SignalingNode node;

    @AfterEach
    void stop() throws Exception {
        node.close();
    }

    @Test
    void aReloadedPageKeepsItsSessionAndGetsFreshTransports(Vertx vertx) throws Exception {
        node = SignalingNode.start(vertx);
        WsClient ana = node.client();
        JsonObject joined = node.joinInvite(ana, "reload", "Ana");
        WsClient bo = node.client();
        node.joinInvite(bo, "reload", "Bo");
        ana.next("participantJoined");
        ana.send(publish(CapturedSdp.text("chromium-offer-plain")));
        ana.next("publishAnswer");
        String session = joined.getString("session");
        LocalTransport before = node.media.transport(session, TransportDirection.PUBLISH);

        // The page reloads: its socket goes, a new one resumes with reload.
        ana.close();
        WsClient reloaded = node.client();
        reloaded.send(new JsonObject().put("type", "resume").put("id", "r").put("session", session)
                .put("resume", joined.getString("resume")).put("reload", true));
        JsonObject resumed = reloaded.next("joined");
        assertThat(resumed.getJsonObject("self")).isEqualTo(joined.getJsonObject("self"));

        await().atMost(Duration.ofSeconds(WsClient.WAIT_SECONDS)).until(() -> node.media
                .commands(MediaCommand.CloseTransport.class).contains(new MediaCommand.CloseTransport(before.transportId())));

        reloaded.send(publish(CapturedSdp.text("chromium-offer-plain")));
        reloaded.next("publishAnswer");
        List<MediaCommand.OpenTransport> publishes = node.media.commands(MediaCommand.OpenTransport.class).stream()
                .filter(o -> o.sessionId().equals(session) && o.direction() == TransportDirection.PUBLISH).toList();
        assertThat(publishes).as("a fresh publish transport for the new PeerConnection").hasSize(2);
        assertThat(node.media.refusals()).as("the engine refused nothing").isEmpty();
        assertThat(node.media.commands(MediaCommand.LeaveCall.class)).isEmpty();

        // Bo never saw Ana leave or join again.
        while (true) {
            JsonObject m = bo.poll(500);
            if (m == null) {
                break;
            }
            assertThat(m.getString("type")).isNotIn("participantLeft", "participantJoined");
        }
        reloaded.close();
        bo.close();
    }

    @Test
    void reloadMustBeABoolean(Vertx vertx) throws Exception {
        node = SignalingNode.start(vertx);
        WsClient ana = node.client();
        JsonObject joined = node.joinInvite(ana, "reload-bad", "Ana");
        WsClient other = node.client();
        other.send(new JsonObject().put("type", "resume").put("session", joined.getString("session"))
                .put("resume", joined.getString("resume")).put("reload", "yes"));
        other.error(ErrorCode.BAD_MESSAGE);
        ana.close();
        other.close();
    }

    private static JsonObject publish(String sdp) {
        return new JsonObject().put("type", "publish").put("id", "p").put("sdp", sdp);
    }
}

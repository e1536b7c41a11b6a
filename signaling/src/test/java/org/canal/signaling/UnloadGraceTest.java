package org.canal.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.canal.media.api.MediaCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@code unloading} hint (docs/signaling.md, Sessions) over real WebSockets: a session whose client
 * said its page is unloading ends after the short unload grace once its socket drops (a closed tab),
 * while a resume within it (a reload) keeps the session and clears the hint, so that a later drop
 * without the hint gets the full resume grace again. The resume grace here (60 s) is longer than any
 * wait of these tests, so a participantLeft they see can only come from the unload grace.
 */
@ExtendWith(VertxExtension.class)
class UnloadGraceTest {
    private static final Duration RESUME_GRACE = Duration.ofSeconds(60);
    private static final Duration UNLOAD_GRACE = Duration.ofSeconds(4);

    private SignalingNode node;

    @AfterEach
    void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    private void start(Vertx vertx, String name) throws Exception {
        node = SignalingNode.start(vertx, SignalingNode.defaultOptions(name).withResumeGrace(RESUME_GRACE)
                .withUnloadGrace(UNLOAD_GRACE));
    }

    private static JsonObject resume(JsonObject joined) {
        return new JsonObject().put("type", "resume").put("id", "r").put("session", joined.getString("session"))
                .put("resume", joined.getString("resume")).put("reload", true);
    }

    @Test
    void aClosedTabLeavesAfterTheUnloadGrace(Vertx vertx) throws Exception {
        start(vertx, "node-unload");
        WsClient ana = node.client();
        node.joinInvite(ana, "u", "Ana");
        WsClient bo = node.client();
        JsonObject boJoined = node.joinInvite(bo, "u", "Bo");
        String boId = boJoined.getJsonObject("self").getString("id");
        ana.next("participantJoined");

        bo.send(new JsonObject().put("type", "unloading"));
        bo.expectSilence(200); // a hint: no reply
        bo.drop();
        assertThat(ana.next("participantReconnecting").getString("participant")).isEqualTo(boId);
        // within WsClient.WAIT_SECONDS (30 s), well before the 60 s resume grace
        assertThat(ana.next("participantLeft").getString("participant")).isEqualTo(boId);
        assertThat(node.media.commands(MediaCommand.LeaveCall.class))
                .containsExactly(new MediaCommand.LeaveCall("srv/u", boJoined.getString("session")));

        WsClient late = node.client();
        late.send(resume(boJoined));
        late.error(ErrorCode.UNKNOWN_SESSION);
        ana.close();
    }

    @Test
    void aReloadResumesWithinTheUnloadGraceAndTheHintIsThenCleared(Vertx vertx) throws Exception {
        start(vertx, "node-reload");
        WsClient ana = node.client();
        node.joinInvite(ana, "v", "Ana");
        WsClient bo = node.client();
        JsonObject boJoined = node.joinInvite(bo, "v", "Bo");
        String boId = boJoined.getJsonObject("self").getString("id");
        ana.next("participantJoined");

        bo.send(new JsonObject().put("type", "unloading"));
        bo.drop();
        WsClient reloaded = node.client();
        reloaded.send(resume(boJoined));
        assertThat(reloaded.next("joined").getString("session")).isEqualTo(boJoined.getString("session"));
        assertThat(ana.next("participantReconnecting").getString("participant")).isEqualTo(boId);
        assertThat(ana.next("participantReconnected").getString("participant")).isEqualTo(boId);

        // a drop without a new hint: the full resume grace, so nothing happens for well over the unload grace
        reloaded.drop();
        assertThat(ana.next("participantReconnecting").getString("participant")).isEqualTo(boId);
        ana.expectSilence(UNLOAD_GRACE.toMillis() * 2);
        assertThat(node.media.commands(MediaCommand.LeaveCall.class)).isEmpty();
        WsClient again = node.client();
        again.send(resume(boJoined));
        again.next("joined");
        assertThat(ana.next("participantReconnected").getString("participant")).isEqualTo(boId);
        ana.close();
        again.close();
    }

    @Test
    void theUnloadGraceIsNeverLongerThanTheResumeGrace(Vertx vertx) throws Exception {
        node = SignalingNode.start(vertx, SignalingNode.defaultOptions("node-short")
                .withResumeGrace(Duration.ofSeconds(1)).withUnloadGrace(Duration.ofMinutes(10)));
        WsClient ana = node.client();
        node.joinInvite(ana, "w", "Ana");
        WsClient bo = node.client();
        JsonObject boJoined = node.joinInvite(bo, "w", "Bo");
        ana.next("participantJoined");
        bo.send(new JsonObject().put("type", "unloading"));
        bo.drop();
        ana.next("participantReconnecting");
        assertThat(ana.next("participantLeft").getString("participant"))
                .isEqualTo(boJoined.getJsonObject("self").getString("id"));
        ana.close();
    }

    @Test
    void theUnloadGraceDefaultsToTenSecondsAndIsBounded() {
        SignalingOptions defaults = SignalingNode.defaultOptions("node-options");
        assertThat(defaults.unloadGrace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.withUnloadGrace(Duration.ofSeconds(1)).unloadGrace()).isEqualTo(Duration.ofSeconds(1));
        assertThatThrownBy(() -> defaults.withUnloadGrace(Duration.ofMillis(999)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unloadGrace");
        assertThatThrownBy(() -> defaults.withUnloadGrace(Duration.ofMinutes(11)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unloadGrace");
    }
}

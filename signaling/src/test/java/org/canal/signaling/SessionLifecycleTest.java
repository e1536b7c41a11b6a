package org.canal.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.canal.media.api.MediaCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Join, participants coming and going, resume after a dropped socket, grace expiry, leave. */
@ExtendWith(VertxExtension.class)
class SessionLifecycleTest {
    private SignalingNode node;

    @AfterEach
    void stop() throws Exception {
        node.close();
    }

    @Test
    void joinedListsTheOthersWhoSeeTheNewcomerComeAndGo(Vertx vertx) throws Exception {
        node = SignalingNode.start(vertx);
        WsClient ana = node.client();
        JsonObject anaJoined = node.joinInvite(ana, "c1", "Ana");
        assertThat(anaJoined.getInteger("v")).isEqualTo(1);
        assertThat(anaJoined.getString("session")).hasSizeGreaterThanOrEqualTo(22);
        assertThat(anaJoined.getString("resume")).hasSizeGreaterThanOrEqualTo(43);
        assertThat(anaJoined.getJsonArray("participants")).isEmpty();
        assertThat(anaJoined.getJsonArray("iceServers")).isEmpty();

        WsClient bo = node.client();
        JsonObject boJoined = node.joinInvite(bo, "c1", "Bo");
        assertThat(boJoined.getJsonArray("participants").getJsonObject(0))
                .isEqualTo(new JsonObject().put("id", anaJoined.getJsonObject("self").getString("id")).put("name", "Ana"));
        assertThat(ana.next("participantJoined").getJsonObject("participant"))
                .isEqualTo(boJoined.getJsonObject("self"));

        // another channel is another call
        WsClient cy = node.client();
        assertThat(node.joinInvite(cy, "c2", "Cy").getJsonArray("participants")).isEmpty();

        bo.send(new JsonObject().put("type", "leave").put("id", "bye"));
        assertThat(bo.next("left").getString("id")).isEqualTo("bye");
        assertThat(bo.awaitClosed()).isTrue();
        assertThat(ana.next("participantLeft").getString("participant"))
                .isEqualTo(boJoined.getJsonObject("self").getString("id"));
        await().atMost(Duration.ofSeconds(WsClient.WAIT_SECONDS)).until(() -> node.media.commands(MediaCommand.LeaveCall.class).stream()
                .anyMatch(l -> l.sessionId().equals(boJoined.getString("session")) && l.callId().equals("srv/c1")));
        cy.expectSilence(100);
        ana.close();
        cy.close();
    }

    @Test
    void resumeAfterAnAbruptDropKeepsTheSession(Vertx vertx) throws Exception {
        node = SignalingNode.start(vertx);
        WsClient ana = node.client();
        node.joinInvite(ana, "r", "Ana");
        JsonObject boJoined;
        try (RawWsClient bo = new RawWsClient(node.port())) {
            bo.send(SignalingNode.join(node.tokens.mintInvite("srv", "r", Duration.ofMinutes(1)), "Bo"));
            boJoined = bo.next();
            assertThat(boJoined.getString("type")).isEqualTo("joined");
            ana.next("participantJoined");
            bo.abort();
        }
        await().atMost(Duration.ofSeconds(WsClient.WAIT_SECONDS)).until(() -> !node.diagnostics("r").getJsonArray("sessions")
                .stream().map(JsonObject.class::cast).allMatch(s -> s.getBoolean("attached")));
        String boId = boJoined.getJsonObject("self").getString("id");
        assertThat(ana.next("participantReconnecting").getString("participant")).isEqualTo(boId);

        WsClient boAgain = node.client();
        boAgain.send(new JsonObject().put("type", "resume").put("id", "r1")
                .put("session", boJoined.getString("session")).put("resume", boJoined.getString("resume")));
        JsonObject resumed = boAgain.next("joined");
        assertThat(resumed.getString("id")).isEqualTo("r1");
        assertThat(resumed.getString("session")).isEqualTo(boJoined.getString("session"));
        assertThat(resumed.getJsonObject("self")).isEqualTo(boJoined.getJsonObject("self"));
        assertThat(resumed.getJsonArray("participants")).hasSize(1);
        // the others saw Bo reconnect, never leave, and the media engine was never told
        assertThat(ana.next("participantReconnected").getString("participant")).isEqualTo(boId);
        ana.expectSilence(300);
        assertThat(node.media.commands(MediaCommand.LeaveCall.class)).isEmpty();
        ana.close();
        boAgain.close();
    }

    @Test
    void resumeTakesOverALiveSocketAndWrongSecretsAreRefused(Vertx vertx) throws Exception {
        node = SignalingNode.start(vertx);
        WsClient first = node.client();
        JsonObject joined = node.joinInvite(first, "t", "Ana");

        WsClient wrong = node.client();
        wrong.send(new JsonObject().put("type", "resume").put("session", joined.getString("session"))
                .put("resume", "not-the-secret"));
        wrong.error(ErrorCode.UNKNOWN_SESSION);
        assertThat(wrong.awaitClosed()).isTrue();

        WsClient unknown = node.client();
        unknown.send(new JsonObject().put("type", "resume").put("session", "nope").put("resume", "nope"));
        unknown.error(ErrorCode.UNKNOWN_SESSION);
        assertThat(unknown.awaitClosed()).isTrue();

        WsClient second = node.client();
        second.send(new JsonObject().put("type", "resume").put("session", joined.getString("session"))
                .put("resume", joined.getString("resume")));
        assertThat(second.next("joined").getString("session")).isEqualTo(joined.getString("session"));
        assertThat(first.awaitClosed()).isTrue();
        second.close();
    }

    @Test
    void aSessionWithoutSocketEndsAfterTheGracePeriod(Vertx vertx) throws Exception {
        node = SignalingNode.start(vertx, SignalingNode.defaultOptions("node-grace").withResumeGrace(Duration.ofSeconds(1)));
        WsClient ana = node.client();
        node.joinInvite(ana, "g", "Ana");
        WsClient bo = node.client();
        JsonObject boJoined = node.joinInvite(bo, "g", "Bo");
        ana.next("participantJoined");
        bo.drop();
        // first reconnecting (the grace period runs), then, the grace over, a leave
        assertThat(ana.next("participantReconnecting").getString("participant"))
                .isEqualTo(boJoined.getJsonObject("self").getString("id"));
        assertThat(ana.next("participantLeft").getString("participant"))
                .isEqualTo(boJoined.getJsonObject("self").getString("id"));
        assertThat(node.media.commands(MediaCommand.LeaveCall.class))
                .containsExactly(new MediaCommand.LeaveCall("srv/g", boJoined.getString("session")));
        // nobody published or subscribed, so the engine holds no call "srv/g": it refuses the LeaveCall and signaling
        // ignores the refusal (the session is gone either way)
        await().atMost(Duration.ofSeconds(WsClient.WAIT_SECONDS)).until(() -> !node.media.refusals().isEmpty());
        assertThat(node.media.refusals()).singleElement().satisfies(r -> {
            assertThat(r.command()).isEqualTo(new MediaCommand.LeaveCall("srv/g", boJoined.getString("session")));
            assertThat(r.message()).startsWith("UNKNOWN_CALL");
        });

        WsClient late = node.client();
        late.send(new JsonObject().put("type", "resume").put("session", boJoined.getString("session"))
                .put("resume", boJoined.getString("resume")));
        late.error(ErrorCode.UNKNOWN_SESSION);
        ana.close();
    }

    @Test
    void theSameSubJoiningAgainReplacesItsOlderSession(Vertx vertx) throws Exception {
        node = SignalingNode.start(vertx);
        String token = node.tokens.mintJoin("user-1", "srv", "d", Duration.ofMinutes(1));
        WsClient watcher = node.client();
        node.joinInvite(watcher, "d", "W");
        WsClient tab1 = node.client();
        tab1.send(SignalingNode.join(token, "Ana"));
        tab1.next("joined");
        watcher.next("participantJoined");
        WsClient tab2 = node.client();
        tab2.send(SignalingNode.join(token, "Ana"));
        JsonObject joined = tab2.next("joined");
        assertThat(joined.getJsonArray("participants")).hasSize(1);
        assertThat(tab1.next("left").getString("reason")).isEqualTo("replaced");
        assertThat(tab1.awaitClosed()).isTrue();
        assertThat(watcher.next("participantLeft").getString("participant")).isEqualTo("user-1");
        assertThat(watcher.next("participantJoined").getJsonObject("participant").getString("id")).isEqualTo("user-1");
        watcher.close();
        tab2.close();
    }

    @Test
    void aSocketThatNeverJoinsIsClosedAfterTheGracePeriod(Vertx vertx) throws Exception {
        node = SignalingNode.start(vertx, SignalingNode.defaultOptions("node-idle").withResumeGrace(Duration.ofSeconds(1)));
        WsClient idle = node.client();
        assertThat(idle.awaitClosed()).isTrue();
        WsClient joined = node.client();
        node.joinInvite(joined, "i", "Ana");
        joined.expectSilence(1500);
        assertThat(joined.isClosed()).isFalse();
        joined.close();
    }
}

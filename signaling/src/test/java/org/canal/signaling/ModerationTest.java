package org.canal.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import org.canal.media.api.CallStats;
import org.canal.media.api.LocalTransport;
import org.canal.media.api.MediaCommand;
import org.canal.media.api.MediaControl;
import org.canal.media.api.TransportDirection;
import org.canal.protocol.sdp.Direction;
import org.canal.protocol.sdp.MediaDescription;
import org.canal.protocol.sdp.SessionDescription;
import org.canal.signaling.sdp.BrowserAnswers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Moderators acting on participants over real WebSockets, with the node's real media engine: kick
 * (and the kicked id kept out until the call empties), mute requests, listen-only (the SFU closes the
 * publish transport and refuses further sending offers), and who may moderate at all.
 */
@ExtendWith(VertxExtension.class)
class ModerationTest {
    private static final Duration WAIT = Duration.ofSeconds(WsClient.WAIT_SECONDS);
    private SignalingNode node;

    @AfterEach
    void stop() throws Exception {
        node.close();
    }

    @Test
    void aKickedParticipantIsDisconnectedAndKeptOutUntilTheCallEmpties(Vertx vertx) throws Exception {
        node = SignalingNode.start(vertx);
        WsClient mo = node.client();
        Moderators.join(node, mo, "mo", "k", "Mo", Moderators.MODERATOR);
        WsClient ana = node.client();
        JsonObject anaJoined = Moderators.join(node, ana, "ana", "k", "Ana", Grants.PARTICIPANT);
        WsClient bo = node.client();
        Moderators.join(node, bo, "bo", "k", "Bo", Grants.PARTICIPANT);
        mo.next("participantJoined");
        mo.next("participantJoined");
        ana.next("participantJoined");

        mo.send(Moderators.moderate("m1", "kick", "ana"));
        JsonObject moderated = mo.next("moderated");
        assertThat(moderated.getString("id")).isEqualTo("m1");
        assertThat(moderated.getString("action")).isEqualTo("kick");
        assertThat(moderated.getString("participant")).isEqualTo("ana");
        assertThat(moderated.getString("result")).isEqualTo("done");
        assertThat(mo.next("participantLeft").getString("participant")).isEqualTo("ana");
        assertThat(ana.next("kicked").getString("by")).isEqualTo("mo");
        assertThat(ana.awaitClosed()).isTrue();
        assertThat(bo.next("participantLeft").getString("participant")).isEqualTo("ana");
        await().atMost(WAIT).until(() -> node.media.commands(MediaCommand.LeaveCall.class).stream()
                .anyMatch(l -> l.sessionId().equals(anaJoined.getString("session"))));

        // the same user id with a fresh, valid token is refused, and the old session cannot be resumed
        WsClient again = node.client();
        again.send(SignalingNode.join(Moderators.token(node, "ana", "k", Grants.PARTICIPANT, false), "Ana"));
        again.error(ErrorCode.KICKED);
        assertThat(again.awaitClosed()).isTrue();
        WsClient resume = node.client();
        resume.send(new JsonObject().put("type", "resume").put("session", anaJoined.getString("session"))
                .put("resume", anaJoined.getString("resume")));
        resume.error(ErrorCode.UNKNOWN_SESSION);
        mo.expectSilence(200);

        // once everyone has left, the call and its kick list are gone
        mo.send(new JsonObject().put("type", "leave"));
        mo.next("left");
        bo.next("participantLeft");
        bo.send(new JsonObject().put("type", "leave"));
        bo.next("left");
        await().atMost(WAIT).until(() -> "UNKNOWN_CALL".equals(node.diagnostics("k").getString("error")));
        WsClient back = node.client();
        assertThat(Moderators.join(node, back, "ana", "k", "Ana", Grants.PARTICIPANT)
                .getJsonObject("self").getString("id")).isEqualTo("ana");
        back.close();
    }

    @Test
    void onlyAModeratorMayModerateAndEveryFieldIsChecked(Vertx vertx) throws Exception {
        node = SignalingNode.start(vertx);
        WsClient mo = node.client();
        Moderators.join(node, mo, "mo", "v", "Mo", Moderators.MODERATOR);
        WsClient ana = node.client();
        JsonObject anaJoined = Moderators.join(node, ana, "ana", "v", "Ana", Grants.PARTICIPANT);
        assertThat(anaJoined.getJsonObject("grants").getBoolean("moderate")).isFalse();
        mo.next("participantJoined");

        for (String action : List.of("kick", "mute", "listenOnly")) {
            ana.send(Moderators.moderate("x", action, "mo").put("kind", "audio"));
            assertThat(ana.error(ErrorCode.NOT_ALLOWED).getString("id")).isEqualTo("x");
        }
        ana.send(Moderators.moderate("y", "lock"));
        ana.error(ErrorCode.NOT_ALLOWED);
        ana.send(Moderators.moderate("z", "setMaxParticipants").put("value", 1));
        ana.error(ErrorCode.NOT_ALLOWED);
        mo.expectSilence(200); // nothing happened to the moderator, and the socket stays open:
        ana.send(Moderators.moderate("w", "unlock"));
        ana.error(ErrorCode.NOT_ALLOWED);

        List<JsonObject> malformed = List.of(
                Moderators.moderate("b1", "ban", "ana"),
                new JsonObject().put("type", "moderate").put("id", "b2"),
                Moderators.moderate("b3", "kick"),
                Moderators.moderate("b4", "kick", "no spaces allowed"),
                Moderators.moderate("b5", "kick").put("participant", 7),
                Moderators.moderate("b6", "mute", "ana"),
                Moderators.moderate("b7", "mute", "ana").put("kind", "screen"),
                Moderators.moderate("b8", "setMaxParticipants").put("value", 0),
                Moderators.moderate("b9", "setMaxParticipants").put("value", 1001),
                Moderators.moderate("b10", "setMaxParticipants").put("value", "5"),
                Moderators.moderate("b11", "setMaxParticipants").put("value", 2.5),
                Moderators.moderate("b12", "setInviteOnly").put("value", "true"),
                Moderators.moderate("b13", "setInviteOnly"));
        for (JsonObject m : malformed) {
            mo.send(m);
            assertThat(mo.error(ErrorCode.BAD_MESSAGE).getString("id")).as(m.encode()).isEqualTo(m.getString("id"));
        }
        mo.send(Moderators.moderate("u", "kick", "nobody"));
        mo.error(ErrorCode.UNKNOWN_PARTICIPANT);
        mo.send(Moderators.moderate("s", "kick", "mo"));
        mo.error(ErrorCode.NOT_ALLOWED);
        ana.expectSilence(200);
        assertThat(node.diagnostics("v").getJsonArray("sessions")).hasSize(2);
        mo.close();
        ana.close();
    }

    @Test
    void aMuteRequestReachesItsTargetOnly(Vertx vertx) throws Exception {
        node = SignalingNode.start(vertx);
        WsClient mo = node.client();
        Moderators.join(node, mo, "mo", "m", "Mo", Moderators.MODERATOR);
        WsClient ana = node.client();
        Moderators.join(node, ana, "ana", "m", "Ana", Grants.PARTICIPANT);
        WsClient bo = node.client();
        Moderators.join(node, bo, "bo", "m", "Bo", Grants.PARTICIPANT);
        mo.next("participantJoined");
        mo.next("participantJoined");
        ana.next("participantJoined");

        mo.send(Moderators.moderate("m1", "mute", "ana").put("kind", "video"));
        assertThat(mo.next("moderated").getString("result")).isEqualTo("done");
        JsonObject request = ana.next("muteRequest");
        assertThat(request.getString("kind")).isEqualTo("video");
        assertThat(request.getString("by")).isEqualTo("mo");
        bo.expectSilence(200);
        assertThat(ana.isClosed()).isFalse();
        mo.close();
        ana.close();
        bo.close();
    }

    @Test
    void listenOnlyClosesThePublishTransportRenegotiatesTheOthersAndRefusesLaterOffers(Vertx vertx) throws Exception {
        node = SignalingNode.start(vertx);
        WsClient ana = node.client();
        JsonObject anaJoined = Moderators.join(node, ana, "ana", "lo", "Ana", Grants.PARTICIPANT);
        String anaSession = anaJoined.getString("session");
        ana.send(new JsonObject().put("type", "publish").put("id", "p1").put("sdp", CapturedSdp.text("chromium-offer-plain")));
        ana.next("publishAnswer");
        LocalTransport anaPublish = node.media.transport(anaSession, TransportDirection.PUBLISH);

        WsClient bo = node.client();
        Moderators.join(node, bo, "bo", "lo", "Bo", Grants.PARTICIPANT);
        ana.next("participantJoined");
        JsonObject offer1 = bo.next("subscribeOffer");
        assertThat(offer1.getJsonArray("tracks")).hasSize(2);
        bo.send(new JsonObject().put("type", "subscribeAnswer").put("revision", 1)
                .put("sdp", BrowserAnswers.answer(offer1.getString("sdp"))));
        await().atMost(WAIT).until(() -> !node.media.commands(MediaCommand.SetSubscribedTracks.class).isEmpty());

        WsClient mo = node.client();
        Moderators.join(node, mo, "mo", "lo", "Mo", Moderators.MODERATOR);
        ana.next("participantJoined");
        bo.next("participantJoined");
        mo.send(Moderators.moderate("l1", "listenOnly", "ana"));
        assertThat(mo.next("moderated").getString("result")).isEqualTo("done");
        JsonObject changed = ana.next("grantsChanged");
        assertThat(changed.getString("reason")).isEqualTo("listenOnly");
        assertThat(changed.getJsonObject("grants").getJsonArray("publish")).isEmpty();
        assertThat(changed.getJsonObject("grants").getBoolean("subscribe")).isTrue();

        // the SFU itself stops receiving: the publish transport is closed in the media engine
        await().atMost(WAIT).until(() -> node.media.commands(MediaCommand.CloseTransport.class)
                .contains(new MediaCommand.CloseTransport(anaPublish.transportId())));
        MediaControl control = new MediaControl(vertx, node.nodeId);
        await().atMost(WAIT).until(() -> SignalingNode.await(control.send(new MediaCommand.DescribeCall("srv/lo")))
                .transports().stream().noneMatch(t -> t.sessionId().equals(anaSession)
                        && t.direction() == TransportDirection.PUBLISH && !"CLOSED".equals(t.state())));
        CallStats stats = SignalingNode.await(control.send(new MediaCommand.DescribeCall("srv/lo")));
        assertThat(stats.transports()).noneMatch(t -> t.transportId().equals(anaPublish.transportId())
                && !"CLOSED".equals(t.state()));

        // Bo is renegotiated without Ana's tracks: same sections, now inactive
        JsonObject offer2 = bo.next("subscribeOffer");
        assertThat(offer2.getLong("revision")).isEqualTo(2);
        assertThat(offer2.getJsonArray("tracks")).isEmpty();
        assertThat(SessionDescription.parse(offer2.getString("sdp")).media()).hasSize(2)
                .extracting(MediaDescription::direction).containsOnly(Direction.INACTIVE);
        bo.send(new JsonObject().put("type", "subscribeAnswer").put("revision", 2)
                .put("sdp", BrowserAnswers.answer(offer2.getString("sdp"))));
        await().atMost(WAIT).until(() -> node.media.commands(MediaCommand.SetSubscribedTracks.class).stream()
                .anyMatch(s -> s.tracks().isEmpty()));

        // a later sending offer is refused before any media command
        int commandsBefore = node.media.commands().size();
        ana.send(new JsonObject().put("type", "publish").put("id", "p2").put("sdp", CapturedSdp.text("chromium-offer-plain")));
        assertThat(ana.error(ErrorCode.NOT_ALLOWED).getString("id")).isEqualTo("p2");
        assertThat(node.media.commands().subList(commandsBefore, node.media.commands().size()))
                .noneMatch(c -> c instanceof MediaCommand.OpenTransport || c instanceof MediaCommand.SetPublishedTracks);
        JsonArray sessions = node.diagnostics("lo").getJsonArray("sessions");
        JsonObject anaDiag = sessions.stream().map(JsonObject.class::cast)
                .filter(s -> s.getString("participant").equals("ana")).findFirst().orElseThrow();
        assertThat(anaDiag.getJsonObject("publish").getJsonArray("tracks")).isEmpty();

        // a second listenOnly changes nothing
        mo.send(Moderators.moderate("l2", "listenOnly", "ana"));
        assertThat(mo.next("moderated").getString("result")).isEqualTo("unchanged");

        // a reloaded page (a new session of the same user) is still listen-only
        WsClient anaReloaded = node.client();
        JsonObject rejoined = Moderators.join(node, anaReloaded, "ana", "lo", "Ana", Grants.PARTICIPANT);
        assertThat(rejoined.getJsonObject("grants").getJsonArray("publish")).isEmpty();
        anaReloaded.send(new JsonObject().put("type", "publish").put("id", "p3").put("sdp", CapturedSdp.text("chromium-offer-plain")));
        anaReloaded.error(ErrorCode.NOT_ALLOWED);
        assertThat(node.media.refusals()).as("commands the media engine refused").isEmpty();
        anaReloaded.close();
        ana.close();
        bo.close();
        mo.close();
    }
}

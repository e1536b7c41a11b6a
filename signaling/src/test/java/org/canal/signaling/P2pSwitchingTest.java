package org.canal.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.canal.signaling.P2pPeers.epochOf;
import static org.canal.signaling.P2pPeers.media;
import static org.canal.signaling.P2pPeers.mediaReady;
import static org.canal.signaling.P2pPeers.nextOf;
import static org.canal.signaling.P2pPeers.noneOf;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import org.canal.media.api.MediaCommand;
import org.canal.media.api.TransportDirection;
import org.canal.signaling.sdp.BrowserAnswers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The media mode machine over real WebSockets with the node's real media engine (docs/signaling.md,
 * "Media mode"; decision 0009): two capable clients go P2P without any SFU transport, a third moves
 * the call to the SFU make-before-break, its leaving brings P2P back after the return delay and closes
 * the pair's SFU transports only once both are ready; a client without features, moderator actions
 * and the policy keep it on the SFU; the switch timeouts; a reloaded page's new epoch.
 */
@ExtendWith(VertxExtension.class)
class P2pSwitchingTest {
    private static final Duration WAIT = Duration.ofSeconds(WsClient.WAIT_SECONDS);
    private SignalingNode node;

    @AfterEach
    void stop() throws Exception {
        node.close();
    }

    @Test
    void twoCapableClientsGoP2pAndTheNodeOnlyRelaysTheirSignals(Vertx vertx) throws Exception {
        node = SignalingNode.start(vertx, P2pPeers.options(Duration.ofMillis(300), WAIT));
        WsClient ana = node.client();
        JsonObject anaJoined = P2pPeers.join(node, ana, "ana", "p");
        assertThat(anaJoined.getJsonObject("media")).isEqualTo(media(1, "p2p", null, null, false));
        assertThat(anaJoined.getJsonObject("policy").getString("p2p")).isEqualTo("direct");
        ana.send(P2pPeers.publish("lone"));
        assertThat(ana.error(ErrorCode.MEDIA_MODE).getString("id")).as("a lone participant publishes nothing")
                .isEqualTo("lone");

        WsClient bo = node.client();
        JsonObject boJoined = P2pPeers.join(node, bo, "bo", "p");
        assertThat(boJoined.getJsonObject("media")).isEqualTo(media(2, "p2p", "ana", "answerer", false));
        ana.next("participantJoined");
        assertThat(epochOf(ana.next("media"))).isEqualTo(media(2, "p2p", "bo", "offerer", false));

        // descriptions and candidates go to the peer with 'from', rebuilt from the known fields only
        ana.send(P2pPeers.offer(2, "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\n").put("extra", "dropped"));
        JsonObject relayed = bo.next("p2pSignal");
        assertThat(relayed).isEqualTo(new JsonObject().put("type", "p2pSignal").put("epoch", 2).put("from", "ana")
                .put("description", new JsonObject().put("type", "offer").put("sdp", "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\n")));
        JsonObject candidate = P2pPeers.candidate(2, "candidate:1 1 udp 2122260223 192.0.2.4 51000 typ host");
        candidate.getJsonObject("candidate").put("secret", "not relayed");
        bo.send(candidate);
        JsonObject toAna = ana.next("p2pSignal");
        assertThat(toAna.getString("from")).isEqualTo("bo");
        assertThat(toAna.getJsonObject("candidate")).isEqualTo(new JsonObject()
                .put("candidate", "candidate:1 1 udp 2122260223 192.0.2.4 51000 typ host").put("sdpMid", "0")
                .put("sdpMLineIndex", 0).put("usernameFragment", "uf1"));
        bo.send(new JsonObject().put("type", "p2pSignal").put("epoch", 2).putNull("candidate"));
        JsonObject end = ana.next("p2pSignal");
        assertThat(end.containsKey("candidate")).isTrue();
        assertThat(end.getValue("candidate")).as("end of candidates").isNull();

        // another epoch is refused, and the socket stays open
        ana.send(P2pPeers.offer(1, "v=0\r\n").put("id", "s1"));
        assertThat(ana.error(ErrorCode.STALE_EPOCH).getString("id")).isEqualTo("s1");
        ana.send(mediaReady(3).put("id", "s2"));
        assertThat(ana.error(ErrorCode.STALE_EPOCH).getString("id")).isEqualTo("s2");
        bo.expectSilence(200);

        ana.send(mediaReady(2));
        ana.send(mediaReady(2)); // a repeat changes nothing
        ana.expectSilence(300);
        bo.send(mediaReady(2));
        assertThat(ana.next("mediaSwitched").getLong("epoch")).isEqualTo(2);
        assertThat(bo.next("mediaSwitched").getLong("epoch")).isEqualTo(2);
        bo.send(P2pPeers.publish("b"));
        bo.error(ErrorCode.MEDIA_MODE);

        assertThat(node.media.commands(MediaCommand.OpenTransport.class)).as("the SFU carries nothing").isEmpty();
        JsonObject diagnostics = node.diagnostics("p");
        assertThat(diagnostics.getJsonObject("mediaMode").getString("mode")).isEqualTo("p2p");
        assertThat(diagnostics.getJsonObject("refusals").getLong("STALE_EPOCH")).isEqualTo(2);
        assertThat(diagnostics.encode()).as("relayed candidates never reach diagnostics").doesNotContain("192.0.2.4");
        ana.close();
        bo.close();
    }

    @Test
    void aThirdMovesTheCallToTheSfuAndItsLeavingBringsTheP2pBack(Vertx vertx) throws Exception {
        Duration returnDelay = Duration.ofMillis(1000);
        node = SignalingNode.start(vertx, P2pPeers.options(returnDelay, WAIT));
        WsClient ana = node.client();
        String anaSession = P2pPeers.join(node, ana, "ana", "t").getString("session");
        WsClient bo = node.client();
        String boSession = P2pPeers.join(node, bo, "bo", "t").getString("session");
        nextOf(ana, "media");
        ana.send(mediaReady(2));
        bo.send(mediaReady(2));
        nextOf(ana, "mediaSwitched");
        nextOf(bo, "mediaSwitched");

        WsClient cy = node.client();
        JsonObject cyJoined = P2pPeers.join(node, cy, "cy", "t");
        assertThat(cyJoined.getJsonObject("media")).isEqualTo(media(3, "sfu", null, null, false));
        assertThat(ana.next("participantJoined").getJsonObject("participant").getString("id")).isEqualTo("cy");
        assertThat(epochOf(ana.next("media"))).isEqualTo(media(3, "sfu", null, null, false));
        bo.next("participantJoined");
        assertThat(epochOf(bo.next("media"))).isEqualTo(media(3, "sfu", null, null, false));
        ana.send(P2pPeers.offer(3, "v=0\r\n"));
        ana.error(ErrorCode.STALE_EPOCH); // no P2P pair on the SFU
        ana.send(P2pPeers.offer(2, "v=0\r\n"));
        ana.error(ErrorCode.STALE_EPOCH);

        // the pair's SFU media is on again: both publish and subscribe while they keep P2P
        ana.send(P2pPeers.publish("a"));
        nextOf(ana, "publishAnswer");
        bo.send(answer(nextOf(bo, "subscribeOffer")));
        bo.send(P2pPeers.publish("b"));
        nextOf(bo, "publishAnswer");
        ana.send(answer(nextOf(ana, "subscribeOffer")));
        ana.send(mediaReady(3));
        bo.send(mediaReady(3));
        assertThat(nextOf(ana, "mediaSwitched").getLong("epoch")).isEqualTo(3);
        assertThat(nextOf(bo, "mediaSwitched").getLong("epoch")).isEqualTo(3);
        assertThat(nextOf(cy, "mediaSwitched").getLong("epoch")).isEqualTo(3);
        List<String> transports = List.of(
                node.media.transport(anaSession, TransportDirection.PUBLISH).transportId(),
                node.media.transport(anaSession, TransportDirection.SUBSCRIBE).transportId(),
                node.media.transport(boSession, TransportDirection.PUBLISH).transportId(),
                node.media.transport(boSession, TransportDirection.SUBSCRIBE).transportId());

        cy.send(new JsonObject().put("type", "leave"));
        nextOf(ana, "participantLeft");
        long left = System.nanoTime();
        JsonObject back = nextOf(ana, "media");
        assertThat(Duration.ofNanos(System.nanoTime() - left)).as("the return delay")
                .isGreaterThan(returnDelay.dividedBy(2));
        assertThat(epochOf(back)).isEqualTo(media(4, "p2p", "bo", "offerer", false));
        assertThat(epochOf(nextOf(bo, "media"))).isEqualTo(media(4, "p2p", "ana", "answerer", false));

        // make-before-break: the SFU transports stay until both are ready on P2P
        ana.send(mediaReady(4));
        ana.expectSilence(300);
        assertThat(closed(transports)).as("nothing closed before both are ready").isEmpty();
        bo.send(mediaReady(4));
        assertThat(nextOf(ana, "mediaSwitched").getLong("epoch")).isEqualTo(4);
        assertThat(nextOf(bo, "mediaSwitched").getLong("epoch")).isEqualTo(4);
        await().atMost(WAIT).untilAsserted(() -> assertThat(closed(transports)).containsExactlyInAnyOrderElementsOf(transports));
        ana.send(P2pPeers.publish("again"));
        assertThat(nextOf(ana, "error").getString("code")).isEqualTo("MEDIA_MODE");
        assertThat(node.media.refusals()).as("commands the media engine refused").isEmpty();
        ana.close();
        bo.close();
        cy.close();
    }

    @Test
    void aClientWithoutFeaturesKeepsTheCallOnTheSfuAndHearsNothingNew(Vertx vertx) throws Exception {
        node = SignalingNode.start(vertx, P2pPeers.options(Duration.ofMillis(200), WAIT));
        WsClient ana = node.client();
        P2pPeers.join(node, ana, "ana", "f");
        WsClient old = node.client();
        JsonObject oldJoined = Moderators.join(node, old, "old", "f", "Old", Grants.PARTICIPANT);
        assertThat(oldJoined.getJsonObject("media")).isEqualTo(media(2, "sfu", null, null, false));
        ana.next("participantJoined");
        assertThat(epochOf(ana.next("media"))).isEqualTo(media(2, "sfu", null, null, false));
        assertThat(ana.next("mediaSwitched").getLong("epoch")).as("nothing to wait for: Ana had no P2P peer")
                .isEqualTo(2);
        ana.send(P2pPeers.publish("a"));
        ana.next("publishAnswer");
        old.next("subscribeOffer");
        noneOf(ana, 700, "media", "mediaSwitched");
        old.expectSilence(300);
        ana.close();
        old.close();
    }

    @Test
    void aModeratorActingOnAParticipantKeepsTheCallOnTheSfu(Vertx vertx) throws Exception {
        node = SignalingNode.start(vertx, P2pPeers.options(Duration.ofMillis(200), WAIT));
        for (String action : List.of("mute", "listenOnly")) {
            WsClient mo = node.client();
            P2pPeers.join(node, mo, "mo", action, P2pPeers.FULL_MODERATOR);
            WsClient ana = node.client();
            P2pPeers.join(node, ana, "ana", action);
            assertThat(nextOf(mo, "media").getString("mode")).isEqualTo("p2p");

            mo.send(Moderators.moderate("m", action, "ana").put("kind", "audio"));
            assertThat(mo.next("moderated").getString("result")).isEqualTo("done");
            assertThat(epochOf(mo.next("media"))).as(action).isEqualTo(media(3, "sfu", null, null, false));
            assertThat(epochOf(nextOf(ana, "media"))).isEqualTo(media(3, "sfu", null, null, false));
            // sticky: long past the return delay, and after a membership change, still the SFU
            WsClient cy = node.client();
            P2pPeers.join(node, cy, "cy", action);
            cy.send(new JsonObject().put("type", "leave"));
            noneOf(mo, 800, "media");
            assertThat(node.diagnostics(action).getJsonObject("mediaMode").getBoolean("stickySfu")).isTrue();
            mo.close();
            ana.close();
            cy.close();
        }
    }

    @Test
    void setP2pOffMovesTheCallToTheSfuAndDirectBringsItBack(Vertx vertx) throws Exception {
        node = SignalingNode.start(vertx, P2pPeers.options(Duration.ofMillis(200), WAIT));
        WsClient mo = node.client();
        P2pPeers.join(node, mo, "mo", "o", P2pPeers.FULL_MODERATOR);
        WsClient ana = node.client();
        P2pPeers.join(node, ana, "ana", "o");
        nextOf(mo, "media");

        mo.send(Moderators.moderate("m1", "setP2p").put("value", "off"));
        JsonObject moderated = mo.next("moderated");
        assertThat(moderated.getJsonObject("policy").getString("p2p")).isEqualTo("off");
        assertThat(mo.next("channelPolicy").getJsonObject("policy").getString("p2p")).isEqualTo("off");
        assertThat(epochOf(mo.next("media"))).isEqualTo(media(3, "sfu", null, null, false));
        assertThat(ana.next("channelPolicy").getString("by")).isEqualTo("mo");
        assertThat(epochOf(ana.next("media"))).isEqualTo(media(3, "sfu", null, null, false));
        noneOf(ana, 600, "media");

        mo.send(Moderators.moderate("m2", "setP2p").put("value", "direct"));
        assertThat(mo.next("moderated").getString("result")).isEqualTo("done");
        assertThat(epochOf(nextOf(ana, "media"))).as("after the return delay")
                .isEqualTo(media(4, "p2p", "mo", "answerer", false));
        mo.send(Moderators.moderate("m3", "setP2p").put("value", "direct"));
        assertThat(nextOf(mo, "moderated").getString("result")).isEqualTo("unchanged");
        mo.close();
        ana.close();
    }

    @Test
    void aP2pEpochNotReadyInTimeFallsBackToTheSfuUntilTheMembershipChanges(Vertx vertx) throws Exception {
        node = SignalingNode.start(vertx, P2pPeers.options(Duration.ofMillis(200), Duration.ofMillis(600)));
        WsClient ana = node.client();
        P2pPeers.join(node, ana, "ana", "x");
        WsClient bo = node.client();
        P2pPeers.join(node, bo, "bo", "x");
        assertThat(nextOf(ana, "media").getLong("epoch")).isEqualTo(2);
        bo.send(mediaReady(2)); // only one of the two: P2P did not come up

        assertThat(epochOf(nextOf(ana, "media"))).isEqualTo(media(3, "sfu", null, null, false));
        assertThat(epochOf(nextOf(bo, "media"))).isEqualTo(media(3, "sfu", null, null, false));
        // nobody says the SFU is ready either: the SFU epoch completes at its timeout anyway
        assertThat(nextOf(ana, "mediaSwitched").getLong("epoch")).isEqualTo(3);
        assertThat(nextOf(bo, "mediaSwitched").getLong("epoch")).isEqualTo(3);
        noneOf(ana, 800, "media");
        assertThat(node.diagnostics("x").getJsonObject("mediaMode").getBoolean("pairFailed")).isTrue();

        // a join and a leave change the membership: P2P is tried again
        WsClient cy = node.client();
        P2pPeers.join(node, cy, "cy", "x");
        cy.send(new JsonObject().put("type", "leave"));
        assertThat(epochOf(nextOf(ana, "media"))).isEqualTo(media(4, "p2p", "bo", "offerer", false));
        ana.close();
        bo.close();
        cy.close();
    }

    @Test
    void aResumedSocketHearsTheEpochAgainAndAReloadedPageStartsANewOne(Vertx vertx) throws Exception {
        node = SignalingNode.start(vertx, P2pPeers.options(Duration.ofMillis(200), WAIT));
        WsClient ana = node.client();
        JsonObject anaJoined = P2pPeers.join(node, ana, "ana", "r");
        WsClient bo = node.client();
        P2pPeers.join(node, bo, "bo", "r");
        nextOf(ana, "media");
        ana.send(mediaReady(2));
        bo.send(mediaReady(2));
        nextOf(ana, "mediaSwitched");
        nextOf(bo, "mediaSwitched");

        // a dropped socket: the session is still a participant, nothing changes for Bo
        ana.drop();
        bo.next("participantReconnecting");
        WsClient again = node.client();
        again.send(resume(anaJoined, false));
        assertThat(again.next("joined").getJsonObject("media")).isEqualTo(media(2, "p2p", "bo", "offerer", false));
        assertThat(epochOf(again.next("media"))).isEqualTo(media(2, "p2p", "bo", "offerer", false));
        assertThat(again.next("mediaSwitched").getLong("epoch")).isEqualTo(2);
        bo.next("participantReconnected");
        noneOf(bo, 300, "media");

        // a reloaded page lost its P2P connection: a new epoch for both, same roles
        again.close();
        WsClient reloaded = node.client();
        reloaded.send(resume(anaJoined, true));
        // the reloaded page learns the new epoch from joined, and no media for an old one follows
        assertThat(reloaded.next("joined").getJsonObject("media")).isEqualTo(media(3, "p2p", "bo", "offerer", false));
        assertThat(epochOf(nextOf(bo, "media"))).isEqualTo(media(3, "p2p", "ana", "answerer", false));
        noneOf(reloaded, 300, "media");
        assertThat(node.media.commands(MediaCommand.OpenTransport.class)).isEmpty();
        reloaded.close();
        bo.close();
    }

    private static JsonObject resume(JsonObject joined, boolean reload) {
        return new JsonObject().put("type", "resume").put("session", joined.getString("session"))
                .put("resume", joined.getString("resume")).put("reload", reload);
    }

    private static JsonObject answer(JsonObject offer) throws Exception {
        return new JsonObject().put("type", "subscribeAnswer").put("revision", offer.getLong("revision"))
                .put("sdp", BrowserAnswers.answer(offer.getString("sdp")));
    }

    private List<String> closed(List<String> transports) {
        return node.media.commands(MediaCommand.CloseTransport.class).stream().map(MediaCommand.CloseTransport::transportId)
                .filter(transports::contains).toList();
    }
}

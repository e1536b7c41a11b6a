package org.canal.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import org.canal.media.api.HeaderExtension;
import org.canal.media.api.MediaCommand;
import org.canal.media.api.MediaEvent;
import org.canal.media.api.MediaKind;
import org.canal.media.api.PublishedTrack;
import org.canal.media.api.RemoteTransport;
import org.canal.media.api.SubscribedTrack;
import org.canal.media.api.TransportDirection;
import org.canal.protocol.sdp.Direction;
import org.canal.protocol.sdp.MediaDescription;
import org.canal.protocol.sdp.SessionDescription;
import org.canal.signaling.sdp.BrowserAnswers;
import org.canal.signaling.sdp.SupportedCodecs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SDP negotiation over real WebSockets with the media engine stub: what signaling sends the media
 * engine for publish offers and subscribe answers, and how subscribers are renegotiated as
 * participants publish and leave.
 */
@ExtendWith(VertxExtension.class)
class NegotiationTest {
    private SignalingNode node;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        node = SignalingNode.start(vertx);
    }

    @AfterEach
    void stop() throws Exception {
        node.close();
    }

    private static JsonObject publish(String sdp) {
        return new JsonObject().put("type", "publish").put("id", "p").put("sdp", sdp);
    }

    private static JsonObject answer(JsonObject offer) throws Exception {
        return new JsonObject().put("type", "subscribeAnswer").put("revision", offer.getLong("revision"))
                .put("sdp", BrowserAnswers.answer(offer.getString("sdp")));
    }

    @Test
    void aPublishOfferIsAnsweredAfterTheMediaEngineHasTheTransportAndTracks() throws Exception {
        WsClient ana = node.client();
        JsonObject joined = node.joinInvite(ana, "n", "Ana");
        String session = joined.getString("session");
        ana.send(publish(CapturedSdp.text("chromium-offer-plain")));
        JsonObject reply = ana.next("publishAnswer");
        assertThat(reply.getString("id")).isEqualTo("p");
        SessionDescription answer = SessionDescription.parse(reply.getString("sdp"));
        assertThat(answer.media()).allSatisfy(m -> assertThat(m.direction()).isEqualTo(Direction.RECVONLY));

        List<MediaCommand<?>> commands = node.media.commands();
        assertThat(commands).hasSize(3);
        assertThat(commands.get(0)).isEqualTo(new MediaCommand.OpenTransport("srv/n", session, TransportDirection.PUBLISH));
        assertThat(commands.get(1)).isEqualTo(new MediaCommand.ConnectTransport("t1-publish", new RemoteTransport(
                "+tr4", "q8iCCj7HVobvPa5CPEYRLRRD", "sha-256",
                "27:77:AF:EB:B5:F8:3C:64:E5:C6:23:D9:8C:12:02:D3:FC:77:42:9F:93:3D:05:A1:EC:E0:D3:9C:60:07:CB:E8")));
        MediaCommand.SetPublishedTracks set = (MediaCommand.SetPublishedTracks) commands.get(2);
        assertThat(set.transportId()).isEqualTo("t1-publish");
        assertThat(set.tracks()).extracting(PublishedTrack::trackId).containsExactly(session + ":0", session + ":1");
        assertThat(set.tracks()).extracting(t -> t.codecs().get(0).payloadType()).containsExactly(111, 96);
        assertThat(set.tracks().get(0).extensions()).containsExactly(new HeaderExtension(4, SupportedCodecs.MID_URI),
                new HeaderExtension(1, SupportedCodecs.AUDIO_LEVEL_URI));
        assertThat(set.tracks().get(1).extensions()).containsExactly(new HeaderExtension(4, SupportedCodecs.MID_URI));

        // renegotiation: same transport, no second ConnectTransport, tracks replaced (video stopped)
        ana.send(publish(CapturedSdp.text("chromium-offer-plain").replace("a=sendrecv\r\na=msid:8ff52a77-78c9-4a21-a832-91c89dc15a80 57c9",
                "a=recvonly\r\na=msid:8ff52a77-78c9-4a21-a832-91c89dc15a80 57c9")));
        ana.next("publishAnswer");
        assertThat(node.media.commands(MediaCommand.OpenTransport.class)).hasSize(1);
        assertThat(node.media.commands(MediaCommand.ConnectTransport.class)).hasSize(1);
        assertThat(node.media.commands(MediaCommand.SetPublishedTracks.class).get(1).tracks())
                .extracting(PublishedTrack::mid).containsExactly("0");
        ana.close();
    }

    @Test
    void subscribersAreOfferedEveryoneElsesTracksAndRenegotiatedAsPeopleComeAndGo() throws Exception {
        WsClient ana = node.client();
        JsonObject anaJoined = node.joinInvite(ana, "n", "Ana");
        String anaId = anaJoined.getJsonObject("self").getString("id");
        String anaSession = anaJoined.getString("session");
        ana.send(publish(CapturedSdp.text("chromium-offer-plain")));
        ana.next("publishAnswer");

        WsClient bo = node.client();
        JsonObject boJoined = node.joinInvite(bo, "n", "Bo");
        ana.next("participantJoined");
        JsonObject offer1 = bo.next("subscribeOffer");
        assertThat(offer1.getLong("revision")).isEqualTo(1);
        assertThat(offer1.getJsonArray("tracks")).containsExactly(
                new JsonObject().put("mid", "0").put("participant", anaId).put("kind", "audio"),
                new JsonObject().put("mid", "1").put("participant", anaId).put("kind", "video"));
        SessionDescription sdp1 = SessionDescription.parse(offer1.getString("sdp"));
        assertThat(sdp1.media()).extracting(MediaDescription::direction).containsOnly(Direction.SENDONLY);
        assertThat(sdp1.media()).allSatisfy(m -> assertThat(m.msid().orElseThrow().streamId()).isEqualTo(anaId));

        bo.send(answer(offer1));
        await().atMost(Duration.ofSeconds(10)).until(() -> !node.media.commands(MediaCommand.SetSubscribedTracks.class).isEmpty());
        String boSubscribe = node.media.commands(MediaCommand.OpenTransport.class).stream()
                .filter(o -> o.direction() == TransportDirection.SUBSCRIBE).findFirst().orElseThrow().sessionId();
        assertThat(boSubscribe).isEqualTo(boJoined.getString("session"));
        MediaCommand.ConnectTransport connect = node.media.commands(MediaCommand.ConnectTransport.class).get(1);
        assertThat(connect.remote()).isEqualTo(new RemoteTransport(BrowserAnswers.UFRAG, BrowserAnswers.PWD, "sha-256",
                BrowserAnswers.FINGERPRINT));
        MediaCommand.SetSubscribedTracks subscribed = node.media.commands(MediaCommand.SetSubscribedTracks.class).get(0);
        assertThat(subscribed.transportId()).isEqualTo(connect.transportId());
        assertThat(subscribed.tracks()).extracting(SubscribedTrack::trackId).containsExactly(anaSession + ":0", anaSession + ":1");
        assertThat(subscribed.tracks()).extracting(SubscribedTrack::mid).containsExactly("0", "1");
        assertThat(subscribed.tracks()).extracting(t -> t.codecs().get(0).payloadType()).containsExactly(111, 96);
        assertThat(subscribed.tracks()).extracting(SubscribedTrack::ssrc).containsExactly(
                sdp1.media().get(0).ssrcs().get(0).ssrc(), sdp1.media().get(1).ssrcs().get(0).ssrc());

        // an answer to an old revision is stale
        bo.send(answer(offer1));
        bo.error(ErrorCode.STALE_REVISION);

        // Bo publishes: Ana gets an offer for Bo's tracks (Firefox payload types are Bo's business only)
        bo.send(publish(CapturedSdp.text("firefox-offer-plain")));
        bo.next("publishAnswer");
        JsonObject anaOffer = ana.next("subscribeOffer");
        assertThat(anaOffer.getJsonArray("tracks")).extracting(t -> ((JsonObject) t).getString("participant"))
                .containsOnly(boJoined.getJsonObject("self").getString("id"));
        assertThat(SessionDescription.parse(anaOffer.getString("sdp")).media())
                .extracting(m -> m.formats().get(0)).containsExactly("111", "96");

        // Ana leaves: Bo hears of it and is offered revision 2 with Ana's sections inactive
        ana.send(new JsonObject().put("type", "leave"));
        ana.next("left");
        bo.next("participantLeft");
        JsonObject offer2 = bo.next("subscribeOffer");
        assertThat(offer2.getLong("revision")).isEqualTo(2);
        assertThat(offer2.getJsonArray("tracks")).isEmpty();
        SessionDescription sdp2 = SessionDescription.parse(offer2.getString("sdp"));
        assertThat(sdp2.media()).extracting(MediaDescription::mid).containsExactly(java.util.Optional.of("0"),
                java.util.Optional.of("1"));
        assertThat(sdp2.media()).extracting(MediaDescription::direction).containsOnly(Direction.INACTIVE);
        bo.send(answer(offer2));
        await().atMost(Duration.ofSeconds(10)).until(() -> node.media.commands(MediaCommand.SetSubscribedTracks.class).size() == 2);
        assertThat(node.media.commands(MediaCommand.SetSubscribedTracks.class).get(1).tracks()).isEmpty();
        assertThat(node.media.commands(MediaCommand.ConnectTransport.class).stream()
                .filter(c -> c.transportId().equals(connect.transportId()))).as("connected once").hasSize(1);
        bo.close();
    }

    @Test
    void changesDuringAnOutstandingOfferWaitAndAResumedSocketGetsTheUnansweredOffer() throws Exception {
        WsClient ana = node.client();
        node.joinInvite(ana, "o", "Ana");
        ana.send(publish(CapturedSdp.text("chromium-offer-plain")));
        ana.next("publishAnswer");
        WsClient bo = node.client();
        JsonObject boJoined = node.joinInvite(bo, "o", "Bo");
        JsonObject offer1 = bo.next("subscribeOffer");

        WsClient cy = node.client();
        node.joinInvite(cy, "o", "Cy");
        bo.next("participantJoined");
        cy.next("subscribeOffer");
        cy.send(publish(CapturedSdp.text("firefox-offer-plain")));
        cy.next("publishAnswer");
        bo.expectSilence(300); // Bo's offer 1 is unanswered: Cy's tracks wait

        // Bo's socket drops; the resumed socket gets offer 1 again
        bo.drop();
        WsClient boAgain = node.client();
        boAgain.send(new JsonObject().put("type", "resume").put("session", boJoined.getString("session"))
                .put("resume", boJoined.getString("resume")));
        boAgain.next("joined");
        JsonObject resent = boAgain.next("subscribeOffer");
        assertThat(resent).isEqualTo(offer1);

        boAgain.send(answer(resent));
        JsonObject offer2 = boAgain.next("subscribeOffer");
        assertThat(offer2.getLong("revision")).isEqualTo(2);
        assertThat(offer2.getJsonArray("tracks")).hasSize(4);
        ana.close();
        cy.close();
        boAgain.close();
    }

    @Test
    void badSdpIsRefusedWithoutDisturbingTheSession() throws Exception {
        WsClient ana = node.client();
        node.joinInvite(ana, "b", "Ana");
        ana.send(publish("v=0\r\nnonsense"));
        ana.error(ErrorCode.BAD_SDP);
        ana.send(publish(CapturedSdp.text("chromium-offer-data").replace("opus/48000/2", "x/1").replace("VP8/90000", "y/1")));
        ana.error(ErrorCode.BAD_SDP);
        ana.send(publish(CapturedSdp.text("firefox-offer-plain")));
        ana.next("publishAnswer");
        ana.close();
    }

    @Test
    void statsAndMediaCountersShowInDiagnostics() throws Exception {
        WsClient ana = node.client();
        String anaId = node.joinInvite(ana, "d", "Ana").getJsonObject("self").getString("id");
        ana.send(publish(CapturedSdp.text("chromium-offer-plain")));
        ana.next("publishAnswer");
        node.media.publish(new MediaEvent.TransportConnected("t1-publish", "srv/d",
                node.media.commands(MediaCommand.OpenTransport.class).get(0).sessionId(), "SRTP_AEAD_AES_128_GCM"));
        JsonObject report = new JsonObject()
                .put("inbound", new JsonArray().add(new JsonObject().put("participant", "bo").put("kind", "video")
                        .put("packetsReceived", 120).put("framesDecoded", 30).put("bytesReceived", 90000)
                        .put("ignored", "dropped by the node")))
                .put("transports", new JsonArray().add(new JsonObject().put("direction", "publish")
                        .put("state", "connected").put("srtpCipher", "AEAD_AES_128_GCM").put("dtlsCipher", "TLS_X")
                        .put("remotePort", 40000)));
        ana.send(report.copy().put("type", "stats"));
        await().atMost(Duration.ofSeconds(10)).until(() -> node.diagnostics("d").getJsonArray("sessions")
                .getJsonObject(0).getJsonObject("stats") != null);
        JsonObject d = node.diagnostics("d");
        JsonObject session = d.getJsonArray("sessions").getJsonObject(0);
        assertThat(session.getString("participant")).isEqualTo(anaId);
        assertThat(session.getJsonObject("publish").getString("state")).isEqualTo("CONNECTED");
        assertThat(session.getString("srtpProfile")).isEqualTo("SRTP_AEAD_AES_128_GCM");
        JsonObject stats = session.getJsonObject("stats");
        assertThat(stats.getJsonArray("inbound").getJsonObject(0).getLong("framesDecoded")).isEqualTo(30);
        assertThat(stats.getJsonArray("inbound").getJsonObject(0).containsKey("ignored")).isFalse();
        assertThat(d.getJsonObject("media").getJsonArray("transports")).isEmpty();
        assertThat(d.encode()).doesNotContain("Ana").doesNotContain(node.media.commands(MediaCommand.OpenTransport.class)
                .get(0).sessionId());
        assertThat(node.media.commands(MediaCommand.DescribeCall.class)).contains(new MediaCommand.DescribeCall("srv/d"));
        ana.close();
    }
}

package org.canal.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.canal.media.api.HeaderExtension;
import org.canal.media.api.IceCandidate;
import org.canal.media.api.LocalTransport;
import org.canal.media.api.MediaCommand;
import org.canal.media.api.MediaKind;
import org.canal.media.api.PublishedTrack;
import org.canal.media.api.RemoteTransport;
import org.canal.media.api.SubscribedTrack;
import org.canal.media.api.TransportDirection;
import org.canal.protocol.sdp.Direction;
import org.canal.peer.Peer;
import org.canal.peer.PeerSession;
import org.canal.peer.RtpStreamSource;
import org.canal.protocol.sdp.MediaDescription;
import org.canal.protocol.sdp.SdpAttribute;
import org.canal.protocol.sdp.SessionDescription;
import org.canal.signaling.sdp.BrowserAnswers;
import org.canal.signaling.sdp.SupportedCodecs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SDP negotiation over real WebSockets with the node's real media engine: what signaling sends the
 * media engine for publish offers and subscribe answers (recorded on the event bus), that the SDP
 * carries the transport the engine opened, how subscribers are renegotiated as participants publish
 * and leave, and that a real ICE and DTLS client (canal-peer) connects with the answer signaling wrote.
 */
@ExtendWith(VertxExtension.class)
class NegotiationTest {
    private static final String CHROMIUM_FINGERPRINT =
            "27:77:AF:EB:B5:F8:3C:64:E5:C6:23:D9:8C:12:02:D3:FC:77:42:9F:93:3D:05:A1:EC:E0:D3:9C:60:07:CB:E8";
    /** The video SSRC chromium-offer-plain declares for mid 1. */
    private static final long CHROMIUM_VIDEO_SSRC = 2090685393L;

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
        LocalTransport local = node.media.transport(session, TransportDirection.PUBLISH);
        assertThat(local.fingerprint()).as("the node's DTLS certificate").isEqualTo(node.engine.fingerprint());
        assertThat(local.candidates()).extracting(IceCandidate::address, IceCandidate::port)
                .containsExactly(tuple("127.0.0.1", node.engine.ports().get(0)));
        assertCarries(answer, local);
        assertThat(commands.get(1)).isEqualTo(new MediaCommand.ConnectTransport(local.transportId(), new RemoteTransport(
                "+tr4", "q8iCCj7HVobvPa5CPEYRLRRD", "sha-256",
                CHROMIUM_FINGERPRINT)));
        MediaCommand.SetPublishedTracks set = (MediaCommand.SetPublishedTracks) commands.get(2);
        assertThat(set.transportId()).isEqualTo(local.transportId());
        assertThat(set.tracks()).extracting(PublishedTrack::trackId).containsExactly(session + ":0", session + ":1");
        assertThat(set.tracks()).extracting(t -> t.codecs().get(0).payloadType()).containsExactly(111, 96);
        assertThat(set.tracks().get(0).extensions()).containsExactly(new HeaderExtension(4, SupportedCodecs.MID_URI),
                new HeaderExtension(1, SupportedCodecs.AUDIO_LEVEL_URI));
        assertThat(set.tracks().get(1).extensions()).containsExactly(new HeaderExtension(4, SupportedCodecs.MID_URI));

        // renegotiation: same transport, no second ConnectTransport, tracks replaced (video stopped)
        ana.send(publish(CapturedSdp.text("chromium-offer-plain").replace("a=sendrecv\r\na=msid:8ff52a77-78c9-4a21-a832-91c89dc15a80 57c9",
                "a=recvonly\r\na=msid:8ff52a77-78c9-4a21-a832-91c89dc15a80 57c9")));
        JsonObject renegotiated = ana.next("publishAnswer");
        assertThat(node.media.commands(MediaCommand.OpenTransport.class)).hasSize(1);
        assertThat(node.media.commands(MediaCommand.ConnectTransport.class)).hasSize(1);
        assertThat(node.media.commands(MediaCommand.SetPublishedTracks.class).get(1).tracks())
                .extracting(PublishedTrack::mid).containsExactly("0");
        assertCarries(SessionDescription.parse(renegotiated.getString("sdp")), local);
        assertThat(node.media.refusals()).as("commands the media engine refused").isEmpty();
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
                new JsonObject().put("mid", "0").put("participant", anaId).put("kind", "audio").put("source", "microphone"),
                new JsonObject().put("mid", "1").put("participant", anaId).put("kind", "video").put("source", "camera"));
        SessionDescription sdp1 = SessionDescription.parse(offer1.getString("sdp"));
        assertThat(sdp1.media()).extracting(MediaDescription::direction).containsOnly(Direction.SENDONLY);
        assertThat(sdp1.media()).allSatisfy(m -> assertThat(m.msid().orElseThrow().streamId()).isEqualTo(anaId));

        bo.send(answer(offer1));
        await().atMost(Duration.ofSeconds(WsClient.WAIT_SECONDS)).until(() -> !node.media.commands(MediaCommand.SetSubscribedTracks.class).isEmpty());
        String boSubscribe = node.media.commands(MediaCommand.OpenTransport.class).stream()
                .filter(o -> o.direction() == TransportDirection.SUBSCRIBE).findFirst().orElseThrow().sessionId();
        assertThat(boSubscribe).isEqualTo(boJoined.getString("session"));
        MediaCommand.ConnectTransport connect = node.media.commands(MediaCommand.ConnectTransport.class).get(1);
        LocalTransport boLocal = node.media.transport(boSubscribe, TransportDirection.SUBSCRIBE);
        assertThat(connect.transportId()).isEqualTo(boLocal.transportId());
        assertCarries(sdp1, boLocal);
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
        await().atMost(Duration.ofSeconds(WsClient.WAIT_SECONDS)).until(() -> node.media.commands(MediaCommand.SetSubscribedTracks.class).size() == 2);
        assertThat(node.media.commands(MediaCommand.SetSubscribedTracks.class).get(1).tracks()).isEmpty();
        assertThat(node.media.commands(MediaCommand.ConnectTransport.class).stream()
                .filter(c -> c.transportId().equals(connect.transportId()))).as("connected once").hasSize(1);
        assertCarries(sdp2, boLocal);
        assertThat(node.media.refusals()).as("commands the media engine refused").isEmpty();
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
        JsonObject joined = node.joinInvite(ana, "d", "Ana");
        String anaId = joined.getJsonObject("self").getString("id");
        ana.send(publish(CapturedSdp.text("chromium-offer-plain")));
        ana.next("publishAnswer");
        LocalTransport local = node.media.transport(joined.getString("session"), TransportDirection.PUBLISH);
        JsonObject report = new JsonObject()
                .put("inbound", new JsonArray().add(new JsonObject().put("participant", "bo").put("kind", "video")
                        .put("packetsReceived", 120).put("framesDecoded", 30).put("bytesReceived", 90000)
                        .put("ignored", "dropped by the node")))
                .put("transports", new JsonArray().add(new JsonObject().put("direction", "publish")
                        .put("state", "connected").put("srtpCipher", "AEAD_AES_128_GCM").put("dtlsCipher", "TLS_X")
                        .put("remotePort", 40000)));
        ana.send(report.copy().put("type", "stats"));
        await().atMost(Duration.ofSeconds(WsClient.WAIT_SECONDS)).until(() -> node.diagnostics("d").getJsonArray("sessions")
                .getJsonObject(0).getJsonObject("stats") != null);
        JsonObject d = node.diagnostics("d");
        JsonObject session = d.getJsonArray("sessions").getJsonObject(0);
        assertThat(session.getString("participant")).isEqualTo(anaId);
        // no browser ran ICE or DTLS: the engine reported nothing, and the report's "connected" is only the browser's word
        assertThat(session.getJsonObject("publish").getString("state")).isEqualTo("NONE");
        assertThat(session.getString("srtpProfile")).isNull();
        JsonObject stats = session.getJsonObject("stats");
        assertThat(stats.getJsonArray("inbound").getJsonObject(0).getLong("framesDecoded")).isEqualTo(30);
        assertThat(stats.getJsonArray("inbound").getJsonObject(0).containsKey("ignored")).isFalse();
        // the engine's counters for the one transport it opened, by participant id
        JsonArray transports = d.getJsonObject("media").getJsonArray("transports");
        assertThat(transports).hasSize(1);
        JsonObject transport = transports.getJsonObject(0);
        assertThat(transport.getString("transport")).isEqualTo(local.transportId());
        assertThat(transport.getString("participant")).isEqualTo(anaId);
        assertThat(transport.getString("direction")).isEqualTo("publish");
        assertThat(transport.getString("state")).isEqualTo("NEW");
        assertThat(transport.getString("srtpProfile")).isNull();
        assertThat(transport.getLong("rtpPacketsReceived")).isZero();
        assertThat(transport.getLong("rtpPacketsSent")).isZero();
        assertThat(transport.getJsonObject("drops")).isNotNull();
        assertThat(d.encode()).doesNotContain("Ana").doesNotContain(joined.getString("session"));
        assertThat(node.media.commands(MediaCommand.DescribeCall.class)).contains(new MediaCommand.DescribeCall("srv/d"));
        ana.close();
    }

    /**
     * A real ICE agent and DTLS client (canal-peer: ice4j and BouncyCastle, as a browser would) offers
     * with its own credentials and fingerprint, connects to the node with nothing but the answer
     * signaling wrote, and publishes: the engine reports the transport connected, and diagnostics show
     * it with the negotiated SRTP profile and the packets it received.
     */
    @Test
    void aRealIceAndDtlsClientConnectsWithTheAnswerAndDiagnosticsShowIt() throws Exception {
        try (Peer peer = Peer.create()) {
            WsClient ana = node.client();
            JsonObject joined = node.joinInvite(ana, "e", "Ana");
            String anaId = joined.getJsonObject("self").getString("id");
            String offer = CapturedSdp.text("chromium-offer-plain")
                    .replace("a=ice-ufrag:+tr4", "a=ice-ufrag:" + peer.iceUfrag())
                    .replace("a=ice-pwd:q8iCCj7HVobvPa5CPEYRLRRD", "a=ice-pwd:" + peer.icePwd())
                    .replace(CHROMIUM_FINGERPRINT, peer.fingerprint());
            ana.send(publish(offer));
            SessionDescription answer = SessionDescription.parse(ana.next("publishAnswer").getString("sdp"));
            assertThat(node.media.commands(MediaCommand.ConnectTransport.class).get(0).remote()).isEqualTo(
                    new RemoteTransport(peer.iceUfrag(), peer.icePwd(), "sha-256", peer.fingerprint()));

            MediaDescription first = answer.media().get(0);
            List<InetSocketAddress> candidates = first.candidates().stream()
                    .map(c -> new InetSocketAddress(c.address(), c.port())).toList();
            PeerSession connected = peer.connect(first.iceUfrag().or(answer::iceUfrag).orElseThrow(),
                    first.icePwd().or(answer::icePwd).orElseThrow(), first.fingerprint().orElseThrow().hex(), candidates)
                    .get(30, TimeUnit.SECONDS);

            // video on mid 1 as the offer declared it: SSRC, payload type 96, the MID header extension (id 4)
            RtpStreamSource video = RtpStreamSource.builder(CHROMIUM_VIDEO_SSRC, 96, 90_000, 200)
                    .frameInterval(Duration.ofMillis(20)).packetsPerFrame(1).mid(4, "1").build();
            byte[] buf = new byte[1500];
            for (int i = 0; i < 20; i++) {
                assertThat(connected.sendRtp(buf, 0, video.next(buf, 0))).isPositive();
                Thread.sleep(5);
            }

            await().atMost(Duration.ofSeconds(30)).until(() -> {
                JsonObject t = node.diagnostics("e").getJsonObject("media").getJsonArray("transports").getJsonObject(0);
                return t.getLong("rtpPacketsReceived") > 0;
            });
            JsonObject d = node.diagnostics("e");
            JsonObject session = d.getJsonArray("sessions").getJsonObject(0);
            assertThat(session.getString("participant")).isEqualTo(anaId);
            assertThat(session.getJsonObject("publish").getString("state")).isEqualTo("CONNECTED");
            assertThat(session.getString("srtpProfile")).isEqualTo(connected.profile().name());
            JsonObject transport = d.getJsonObject("media").getJsonArray("transports").getJsonObject(0);
            assertThat(transport.getString("participant")).isEqualTo(anaId);
            assertThat(transport.getString("state")).isEqualTo("CONNECTED");
            assertThat(transport.getString("srtpProfile")).isEqualTo(connected.profile().name());
            assertThat(transport.getLong("rtpPacketsReceived")).isBetween(1L, 20L);
            assertThat(node.media.refusals()).as("commands the media engine refused").isEmpty();
            ana.close();
        }
    }

    /** Every section the SDP keeps carries the engine's end of {@code local}: credentials, fingerprint, candidates. */
    private static void assertCarries(SessionDescription sdp, LocalTransport local) {
        assertThat(sdp.media()).isNotEmpty();
        for (MediaDescription m : sdp.media()) {
            if (m.port() == 0) {
                continue;
            }
            assertThat(m.iceUfrag().or(sdp::iceUfrag)).contains(local.iceUfrag());
            assertThat(m.icePwd().or(sdp::icePwd)).contains(local.icePwd());
            assertThat(m.fingerprint()).map(SdpAttribute.Fingerprint::hex).contains(local.fingerprint());
            assertThat(m.candidates()).extracting(SdpAttribute.Candidate::address, SdpAttribute.Candidate::port)
                    .containsExactlyElementsOf(local.candidates().stream()
                            .map(c -> tuple(c.address(), c.port())).toList());
            assertThat(m.port()).isEqualTo(local.candidates().get(0).port());
        }
    }
}

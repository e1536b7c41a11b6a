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
import org.canal.media.api.RemoteTransport;
import org.canal.media.api.TransportDirection;
import org.canal.protocol.sdp.MediaDescription;
import org.canal.protocol.sdp.SdpAttribute;
import org.canal.protocol.sdp.SessionDescription;
import org.canal.signaling.sdp.BrowserAnswers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ICE restart over real WebSockets with the node's real media engine (docs/signaling.md, "ICE
 * restart"): a publish offer with new ICE credentials restarts the publish transport and is answered
 * with new ones; {@code restartIce} makes Canal offer the subscribe connection new credentials, and the
 * answer's new ufrag reaches the engine. The transports, fingerprint and candidates stay the same.
 */
@ExtendWith(VertxExtension.class)
class IceRestartNegotiationTest {
    private static final String OFFER_UFRAG = "a=ice-ufrag:+tr4";
    private static final String OFFER_PWD = "a=ice-pwd:q8iCCj7HVobvPa5CPEYRLRRD";
    private static final String CHROMIUM_FINGERPRINT =
            "27:77:AF:EB:B5:F8:3C:64:E5:C6:23:D9:8C:12:02:D3:FC:77:42:9F:93:3D:05:A1:EC:E0:D3:9C:60:07:CB:E8";

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

    private static String restartedOffer() {
        return CapturedSdp.text("chromium-offer-plain").replace(OFFER_UFRAG, "a=ice-ufrag:n3wU")
                .replace(OFFER_PWD, "a=ice-pwd:newBrowserPasswordOf24ch");
    }

    @Test
    void aPublishOfferWithNewIceCredentialsRestartsIceOnTheSameTransport() throws Exception {
        WsClient ana = node.client();
        JsonObject joined = node.joinInvite(ana, "r", "Ana");
        String session = joined.getString("session");
        ana.send(publish(CapturedSdp.text("chromium-offer-plain")));
        SessionDescription first = SessionDescription.parse(ana.next("publishAnswer").getString("sdp"));
        LocalTransport local = node.media.transport(session, TransportDirection.PUBLISH);

        // a renegotiation with the same credentials is no restart
        ana.send(publish(CapturedSdp.text("chromium-offer-plain")));
        assertThat(credentials(SessionDescription.parse(ana.next("publishAnswer").getString("sdp"))))
                .isEqualTo(credentials(first));
        assertThat(node.media.commands(MediaCommand.RestartIce.class)).isEmpty();

        ana.send(publish(restartedOffer()));
        SessionDescription restarted = SessionDescription.parse(ana.next("publishAnswer").getString("sdp"));
        assertThat(node.media.commands(MediaCommand.RestartIce.class))
                .containsExactly(new MediaCommand.RestartIce(local.transportId(), "n3wU"));
        assertThat(node.media.commands(MediaCommand.OpenTransport.class)).as("the same transport").hasSize(1);
        List<String> before = credentials(first);
        List<String> after = credentials(restarted);
        assertThat(after.get(0)).isNotEqualTo(before.get(0));
        assertThat(after.get(1)).isNotEqualTo(before.get(1));
        assertThat(after.get(2)).as("the same DTLS certificate").isEqualTo(local.fingerprint()).isEqualTo(before.get(2));
        assertThat(restarted.media()).allSatisfy(m -> assertThat(m.setup()).contains(SdpAttribute.Role.PASSIVE));
        assertThat(restarted.media().get(0).candidates()).isEqualTo(first.media().get(0).candidates());
        MediaCommand.ConnectTransport connect = node.media.commands(MediaCommand.ConnectTransport.class).get(1);
        assertThat(connect).isEqualTo(new MediaCommand.ConnectTransport(local.transportId(),
                new RemoteTransport("n3wU", "newBrowserPasswordOf24ch", "sha-256", CHROMIUM_FINGERPRINT)));

        // the next renegotiation keeps the restarted credentials
        ana.send(publish(restartedOffer()));
        assertThat(credentials(SessionDescription.parse(ana.next("publishAnswer").getString("sdp")))).isEqualTo(after);
        assertThat(node.media.commands(MediaCommand.RestartIce.class)).hasSize(1);

        JsonObject d = node.diagnostics("r");
        assertThat(d.getJsonArray("sessions").getJsonObject(0).getJsonObject("publish").getInteger("iceRestarts"))
                .isEqualTo(1);
        assertThat(d.getJsonObject("media").getJsonArray("transports").getJsonObject(0).getLong("iceRestarts"))
                .isEqualTo(1);
        assertThat(node.media.refusals()).isEmpty();
        ana.close();
    }

    @Test
    void anIceRestartCannotChangeTheFingerprint() throws Exception {
        WsClient ana = node.client();
        node.joinInvite(ana, "f", "Ana");
        ana.send(publish(CapturedSdp.text("chromium-offer-plain")));
        ana.next("publishAnswer");
        ana.send(publish(restartedOffer().replace(CHROMIUM_FINGERPRINT, CHROMIUM_FINGERPRINT.replace("27:77", "28:78"))));
        assertThat(ana.error(ErrorCode.BAD_SDP).getString("message")).contains("fingerprint");
        assertThat(node.media.commands(MediaCommand.RestartIce.class)).isEmpty();
        ana.send(publish(restartedOffer()));
        ana.next("publishAnswer");
        ana.close();
    }

    @Test
    void restartIceMakesCanalOfferTheSubscribeConnectionNewCredentials() throws Exception {
        WsClient ana = node.client();
        node.joinInvite(ana, "s", "Ana");
        ana.send(publish(CapturedSdp.text("chromium-offer-plain")));
        ana.next("publishAnswer");
        WsClient bo = node.client();
        JsonObject boJoined = node.joinInvite(bo, "s", "Bo");
        JsonObject offer1 = bo.next("subscribeOffer");
        bo.send(answer(offer1, BrowserAnswers.UFRAG, BrowserAnswers.PWD));
        await().atMost(Duration.ofSeconds(WsClient.WAIT_SECONDS))
                .until(() -> !node.media.commands(MediaCommand.SetSubscribedTracks.class).isEmpty());
        LocalTransport boLocal = node.media.transport(boJoined.getString("session"), TransportDirection.SUBSCRIBE);

        bo.send(new JsonObject().put("type", "restartIce").put("direction", "subscribe"));
        JsonObject offer2 = bo.next("subscribeOffer");
        assertThat(offer2.getLong("revision")).isEqualTo(2);
        assertThat(offer2.getJsonArray("tracks")).isEqualTo(offer1.getJsonArray("tracks"));
        assertThat(node.media.commands(MediaCommand.RestartIce.class))
                .containsExactly(new MediaCommand.RestartIce(boLocal.transportId(), null));
        List<String> before = credentials(SessionDescription.parse(offer1.getString("sdp")));
        List<String> after = credentials(SessionDescription.parse(offer2.getString("sdp")));
        assertThat(after.get(0)).isNotEqualTo(before.get(0));
        assertThat(after.get(1)).isNotEqualTo(before.get(1));
        assertThat(after.get(2)).isEqualTo(before.get(2));

        // the browser's answer restarts its side too: its new ufrag reaches the engine
        bo.send(answer(offer2, "bNew", "browserNewPasswordOf24ch"));
        await().atMost(Duration.ofSeconds(WsClient.WAIT_SECONDS))
                .until(() -> node.media.commands(MediaCommand.SetSubscribedTracks.class).size() == 2);
        List<MediaCommand.ConnectTransport> connects = node.media.commands(MediaCommand.ConnectTransport.class).stream()
                .filter(c -> c.transportId().equals(boLocal.transportId())).toList();
        assertThat(connects).extracting(c -> c.remote().iceUfrag()).containsExactly(BrowserAnswers.UFRAG, "bNew");
        assertThat(node.media.commands(MediaCommand.OpenTransport.class)).as("no new transport: Ana publish, Bo subscribe").hasSize(2);

        JsonObject boSession = node.diagnostics("s").getJsonArray("sessions").stream().map(JsonObject.class::cast)
                .filter(o -> o.getString("participant").equals(boJoined.getJsonObject("self").getString("id")))
                .findFirst().orElseThrow();
        assertThat(boSession.getJsonObject("subscribe").getInteger("iceRestarts")).isEqualTo(1);
        assertThat(boSession.getJsonObject("subscribe").getLong("answeredRevision")).isEqualTo(2);
        assertThat(node.media.refusals()).isEmpty();
        ana.close();
        bo.close();
    }

    @Test
    void restartIceWhileAnOfferIsOutstandingComesWithTheNextOffer() throws Exception {
        WsClient ana = node.client();
        node.joinInvite(ana, "o", "Ana");
        ana.send(publish(CapturedSdp.text("chromium-offer-plain")));
        ana.next("publishAnswer");
        WsClient bo = node.client();
        node.joinInvite(bo, "o", "Bo");
        JsonObject offer1 = bo.next("subscribeOffer");
        bo.send(new JsonObject().put("type", "restartIce").put("direction", "subscribe"));
        bo.expectSilence(300);
        bo.send(answer(offer1, BrowserAnswers.UFRAG, BrowserAnswers.PWD));
        JsonObject offer2 = bo.next("subscribeOffer");
        assertThat(offer2.getLong("revision")).isEqualTo(2);
        assertThat(credentials(SessionDescription.parse(offer2.getString("sdp"))).get(0))
                .isNotEqualTo(credentials(SessionDescription.parse(offer1.getString("sdp"))).get(0));
        ana.close();
        bo.close();
    }

    private static JsonObject answer(JsonObject offer, String ufrag, String pwd) throws Exception {
        String sdp = BrowserAnswers.answer(offer.getString("sdp"))
                .replace("a=ice-ufrag:" + BrowserAnswers.UFRAG, "a=ice-ufrag:" + ufrag)
                .replace("a=ice-pwd:" + BrowserAnswers.PWD, "a=ice-pwd:" + pwd);
        return new JsonObject().put("type", "subscribeAnswer").put("revision", offer.getLong("revision")).put("sdp", sdp);
    }

    /** ufrag, pwd and fingerprint of the first media section (every section carries the same, BUNDLE). */
    private static List<String> credentials(SessionDescription sdp) {
        MediaDescription m = sdp.media().get(0);
        return List.of(m.iceUfrag().or(sdp::iceUfrag).orElseThrow(), m.icePwd().or(sdp::icePwd).orElseThrow(),
                m.fingerprint().orElseThrow().hex());
    }
}

package org.canal.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Grants carried from the join token into the session, over a real WebSocket on 127.0.0.1:
 * {@code joined} tells the client its grants; a publish offer that sends media the session may not
 * publish is refused with NOT_ALLOWED (the socket and session stay), by the source each section
 * declares in {@code publish.sources} (a camera needs {@code video}, a screen {@code screen}, an
 * undeclared video section is a camera); a session without the subscribe grant is offered nothing.
 */
@ExtendWith(VertxExtension.class)
class GrantsTest {
    private SignalingNode node;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        node = SignalingNode.start(vertx);
    }

    @AfterEach
    void stop() throws Exception {
        node.close();
    }

    private JsonObject join(WsClient client, String sub, Grants grants) throws Exception {
        String token = grants == null ? node.tokens.mintJoin(sub, "srv", "g", Duration.ofMinutes(1))
                : node.tokens.mintJoin(sub, "srv", "g", Duration.ofMinutes(1), grants);
        client.send(SignalingNode.join(token, sub));
        return client.next("joined");
    }

    private static JsonObject publish(String sdp) {
        return new JsonObject().put("type", "publish").put("id", "p1").put("sdp", sdp);
    }

    /** A publish that declares {@code source} for the section {@code mid}. */
    private static JsonObject publish(String sdp, String mid, String source) {
        return publish(sdp).put("sources", new JsonObject().put(mid, source));
    }

    /** Chromium's offer with its video section receive-only: it sends audio alone. */
    private static String audioOnlyOffer() {
        String offer = CapturedSdp.text("chromium-offer-plain");
        int video = offer.indexOf("m=video");
        return offer.substring(0, video) + offer.substring(video).replace("a=sendrecv", "a=recvonly");
    }

    @Test
    void joinedCarriesTheGrantsAndHs256TokensWithoutGrantsGetAParticipantsGrants() throws Exception {
        WsClient ana = node.client();
        assertThat(join(ana, "ana", null).getJsonObject("grants")).isEqualTo(Grants.PARTICIPANT.toJson())
                .isEqualTo(new JsonObject("{\"join\":true,\"publish\":[\"audio\",\"video\",\"screen\"],"
                        + "\"subscribe\":true,\"moderate\":false}"));
        WsClient bo = node.client();
        Grants moderator = new Grants(true, EnumSet.of(Grants.Publish.AUDIO), true, true);
        assertThat(join(bo, "bo", moderator).getJsonObject("grants")).isEqualTo(moderator.toJson());
        WsClient guest = node.client();
        guest.send(SignalingNode.join(node.tokens.mintInvite("srv", "g", Duration.ofMinutes(1)), "Guest"));
        assertThat(guest.next("joined").getJsonObject("grants")).isEqualTo(Grants.PARTICIPANT.toJson());
        ana.close();
        bo.close();
        guest.close();
    }

    @Test
    void aListenerCannotPublishButStaysInTheCall() throws Exception {
        WsClient lee = node.client();
        join(lee, "lee", Grants.LISTENER);
        lee.send(publish(CapturedSdp.text("chromium-offer-plain")));
        JsonObject error = lee.error(ErrorCode.NOT_ALLOWED);
        assertThat(error.getString("id")).isEqualTo("p1");
        lee.send(publish(audioOnlyOffer()));
        lee.error(ErrorCode.NOT_ALLOWED);
        assertThat(lee.isClosed()).isFalse();
        lee.send(new JsonObject().put("type", "leave").put("id", "l1"));
        assertThat(lee.next("left").getString("reason")).isEqualTo("left");
        lee.close();
    }

    @Test
    void anAudioGrantPublishesAudioButNotVideo() throws Exception {
        WsClient ana = node.client();
        join(ana, "ana", new Grants(true, EnumSet.of(Grants.Publish.AUDIO), true, false));
        ana.send(publish(CapturedSdp.text("chromium-offer-plain")));
        assertThat(ana.error(ErrorCode.NOT_ALLOWED).getString("message")).contains("video");
        ana.send(publish(audioOnlyOffer()));
        assertThat(ana.next("publishAnswer").getString("sdp")).contains("m=audio").contains("a=recvonly");
        ana.close();
    }

    @Test
    void aScreenGrantPublishesASectionDeclaredScreenButNotACamera() throws Exception {
        WsClient ana = node.client();
        join(ana, "ana", new Grants(true, EnumSet.of(Grants.Publish.AUDIO, Grants.Publish.SCREEN), true, false));
        // undeclared, the video section is a camera (what older clients send): not granted
        ana.send(publish(CapturedSdp.text("chromium-offer-plain")));
        assertThat(ana.error(ErrorCode.NOT_ALLOWED).getString("message")).contains("'1'").contains("camera");
        ana.send(publish(CapturedSdp.text("chromium-offer-plain"), "1", "camera"));
        assertThat(ana.error(ErrorCode.NOT_ALLOWED).getString("message")).contains("camera");
        ana.send(publish(CapturedSdp.text("chromium-offer-plain"), "1", "screen"));
        ana.next("publishAnswer");
        assertThat(ana.isClosed()).isFalse();
        ana.close();
    }

    @Test
    void aVideoGrantPublishesACameraButNotASectionDeclaredScreen() throws Exception {
        WsClient ana = node.client();
        join(ana, "ana", new Grants(true, EnumSet.of(Grants.Publish.AUDIO, Grants.Publish.VIDEO), true, false));
        ana.send(publish(CapturedSdp.text("chromium-offer-plain"), "1", "screen"));
        assertThat(ana.error(ErrorCode.NOT_ALLOWED).getString("message")).contains("'1'").contains("screen");
        ana.send(publish(CapturedSdp.text("chromium-offer-plain"), "1", "camera"));
        ana.next("publishAnswer");
        ana.send(publish(CapturedSdp.text("chromium-offer-plain")));
        ana.next("publishAnswer");
        ana.close();
    }

    @Test
    void theAudioGrantIsNeededForTheMicrophone() throws Exception {
        WsClient ana = node.client();
        join(ana, "ana", new Grants(true, EnumSet.of(Grants.Publish.VIDEO, Grants.Publish.SCREEN), true, false));
        ana.send(publish(CapturedSdp.text("chromium-offer-plain"), "0", "microphone"));
        assertThat(ana.error(ErrorCode.NOT_ALLOWED).getString("message")).contains("audio").contains("microphone");
        ana.close();
    }

    @Test
    void withoutTheSubscribeGrantNothingIsOffered() throws Exception {
        WsClient bo = node.client();
        join(bo, "bo", new Grants(true, EnumSet.allOf(Grants.Publish.class), false, false));
        WsClient cy = node.client();
        join(cy, "cy", null);
        bo.next("participantJoined");
        WsClient ana = node.client();
        join(ana, "ana", null);
        bo.next("participantJoined");
        cy.next("participantJoined");

        ana.send(publish(CapturedSdp.text("chromium-offer-plain")));
        ana.next("publishAnswer");
        assertThat(cy.next("subscribeOffer").getJsonArray("tracks")).hasSize(2);
        bo.expectSilence(1000);
        ana.close();
        bo.close();
        cy.close();
    }
}

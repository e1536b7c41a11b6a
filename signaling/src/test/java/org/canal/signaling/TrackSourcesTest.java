package org.canal.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.canal.signaling.sdp.BrowserAnswers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Track sources (docs/signaling.md, "Track sources") over real WebSockets with the real media engine:
 * what a publisher declares in {@code publish.sources} reaches the others in {@code subscribeOffer.tracks}
 * and the diagnostics; undeclared sections are a microphone and a camera; declarations that do not fit
 * the offer are refused BAD_MESSAGE and change nothing; a section that changes its source is a new
 * track to subscribers.
 */
@ExtendWith(VertxExtension.class)
class TrackSourcesTest {
    private SignalingNode node;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        node = SignalingNode.start(vertx);
    }

    @AfterEach
    void stop() throws Exception {
        node.close();
    }

    /** Chromium's offer with a second video section (mid 2, its own SSRCs and msid), as a page sharing its screen sends it. */
    static String offerWithScreen() {
        String offer = CapturedSdp.text("chromium-offer-plain");
        String video = offer.substring(offer.indexOf("m=video"));
        String screen = video.replace("a=mid:1", "a=mid:2").replace("2090685393", "2090685394")
                .replace("863682636", "863682637").replace("57c92601-a8df-4547-bc2e-589ecd0a6501",
                        "57c92601-a8df-4547-bc2e-589ecd0a6502");
        return offer.replace("a=group:BUNDLE 0 1", "a=group:BUNDLE 0 1 2") + screen;
    }

    private static JsonObject publish(String sdp, JsonObject sources) {
        JsonObject m = new JsonObject().put("type", "publish").put("id", "p").put("sdp", sdp);
        return sources == null ? m : m.put("sources", sources);
    }

    private static JsonObject answer(JsonObject offer) throws Exception {
        return new JsonObject().put("type", "subscribeAnswer").put("revision", offer.getLong("revision"))
                .put("sdp", BrowserAnswers.answer(offer.getString("sdp")));
    }

    /** Bo, then Ana, in one call; Bo has seen Ana join. */
    private WsClient[] boThenAna() throws Exception {
        WsClient bo = node.client();
        node.joinInvite(bo, "src", "Bo");
        WsClient ana = node.client();
        node.joinInvite(ana, "src", "Ana");
        bo.next("participantJoined");
        return new WsClient[] {bo, ana};
    }

    private static List<Object[]> tracks(JsonObject offer) {
        JsonArray tracks = offer.getJsonArray("tracks");
        return tracks.stream().map(t -> (JsonObject) t)
                .map(t -> new Object[] {t.getString("mid"), t.getString("kind"), t.getString("source")}).toList();
    }

    @Test
    void theDeclaredSourcesReachTheOthersInTheirSubscribeOffers() throws Exception {
        WsClient[] c = boThenAna();
        WsClient bo = c[0];
        WsClient ana = c[1];
        ana.send(publish(offerWithScreen(), new JsonObject().put("0", "microphone").put("1", "camera")
                .put("2", "screen")));
        ana.next("publishAnswer");
        JsonObject offer = bo.next("subscribeOffer");
        assertThat(offer.getJsonArray("tracks")).extracting(t -> ((JsonObject) t).getString("kind"),
                t -> ((JsonObject) t).getString("source")).containsExactly(tuple("audio", "microphone"),
                        tuple("video", "camera"), tuple("video", "screen"));
        String anaId = offer.getJsonArray("tracks").getJsonObject(0).getString("participant");

        JsonObject diagnostics = node.diagnostics("src");
        JsonObject anaSession = diagnostics.getJsonArray("sessions").stream().map(s -> (JsonObject) s)
                .filter(s -> s.getString("participant").equals(anaId)).findFirst().orElseThrow();
        assertThat(anaSession.getJsonObject("publish").getJsonArray("tracks")).extracting(
                t -> ((JsonObject) t).getString("mid"), t -> ((JsonObject) t).getString("source"))
                .containsExactly(tuple("0", "microphone"), tuple("1", "camera"), tuple("2", "screen"));
        bo.close();
        ana.close();
    }

    @Test
    void undeclaredSectionsAreAMicrophoneAndACamera() throws Exception {
        WsClient[] c = boThenAna();
        WsClient bo = c[0];
        WsClient ana = c[1];
        // an older client: no sources at all; a newer one may declare some sections and not others
        ana.send(publish(offerWithScreen(), new JsonObject().put("2", "screen")));
        ana.next("publishAnswer");
        assertThat(tracks(bo.next("subscribeOffer"))).extracting(t -> t[2])
                .containsExactly("microphone", "camera", "screen");
        WsClient cy = node.client();
        node.joinInvite(cy, "src", "Cy");
        bo.next("participantJoined");
        ana.next("participantJoined");
        cy.send(publish(CapturedSdp.text("chromium-offer-plain"), null));
        JsonObject reply;
        do {
            reply = cy.next(); // Ana's tracks may be offered to Cy before or after its answer
        } while (!reply.getString("type").equals("publishAnswer"));
        JsonObject offer = ana.next("subscribeOffer");
        assertThat(tracks(offer)).extracting(t -> t[1], t -> t[2])
                .containsExactly(tuple("audio", "microphone"), tuple("video", "camera"));
        bo.close();
        ana.close();
        cy.close();
    }

    @Test
    void declarationsThatDoNotFitTheOfferAreRefusedAndChangeNothing() throws Exception {
        WsClient[] c = boThenAna();
        WsClient bo = c[0];
        WsClient ana = c[1];
        String sdp = CapturedSdp.text("chromium-offer-plain");
        ana.send(publish(sdp, new JsonObject().put("7", "camera")));
        assertThat(ana.error(ErrorCode.BAD_MESSAGE).getString("message")).contains("'7'");
        ana.send(publish(sdp, new JsonObject().put("0", "screen")));
        assertThat(ana.error(ErrorCode.BAD_MESSAGE).getString("message")).contains("screen").contains("audio");
        ana.send(publish(sdp, new JsonObject().put("1", "microphone")));
        ana.error(ErrorCode.BAD_MESSAGE);
        ana.send(publish(sdp, new JsonObject().put("1", "window")));
        ana.error(ErrorCode.BAD_MESSAGE);
        ana.send(publish(sdp, null).put("sources", new JsonArray().add("camera")));
        ana.error(ErrorCode.BAD_MESSAGE);
        ana.send(publish(sdp, new JsonObject().put("x".repeat(33), "camera")));
        ana.error(ErrorCode.BAD_MESSAGE);
        JsonObject many = new JsonObject();
        for (int i = 0; i < 17; i++) {
            many.put(Integer.toString(i), "camera");
        }
        ana.send(publish(sdp, many));
        ana.error(ErrorCode.BAD_MESSAGE);
        // nothing was published meanwhile; the session goes on
        bo.expectSilence(500);
        assertThat(node.media.commands(org.canal.media.api.MediaCommand.OpenTransport.class)).isEmpty();
        ana.send(publish(sdp, new JsonObject().put("1", "camera")));
        ana.next("publishAnswer");
        assertThat(bo.next("subscribeOffer").getJsonArray("tracks")).hasSize(2);
        bo.close();
        ana.close();
    }

    @Test
    void aSectionWhoseSourceChangesIsANewTrackForTheOthers() throws Exception {
        WsClient[] c = boThenAna();
        WsClient bo = c[0];
        WsClient ana = c[1];
        ana.send(publish(offerWithScreen(), new JsonObject().put("2", "screen")));
        ana.next("publishAnswer");
        JsonObject first = bo.next("subscribeOffer");
        assertThat(tracks(first)).extracting(t -> t[0], t -> t[2])
                .containsExactly(tuple("0", "microphone"), tuple("1", "camera"), tuple("2", "screen"));
        bo.send(answer(first));

        // the same section, now declared a camera: Bo's screen section ends, a new one carries the camera
        ana.send(publish(offerWithScreen(), new JsonObject().put("2", "camera")));
        ana.next("publishAnswer");
        JsonObject second = bo.next("subscribeOffer");
        assertThat(tracks(second)).extracting(t -> t[0], t -> t[2])
                .containsExactly(tuple("0", "microphone"), tuple("1", "camera"), tuple("3", "camera"));
        assertThat(second.getString("sdp")).contains("a=mid:2\r\n");
        bo.close();
        ana.close();
    }
}

package org.canal.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bad messages get an error reply, the socket stays usable (except where the protocol closes it) and
 * other participants' sessions go on undisturbed; refusals are counted per code in diagnostics.
 */
@ExtendWith(VertxExtension.class)
class MessageValidationTest {
    private SignalingNode node;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        node = SignalingNode.start(vertx);
    }

    @AfterEach
    void stop() throws Exception {
        node.close();
    }

    @Test
    void badMessagesAreRefusedWhileAnotherSessionGoesOn() throws Exception {
        WsClient bo = node.client();
        node.joinInvite(bo, "m", "Bo");
        WsClient ana = node.client();
        node.joinInvite(ana, "m", "Ana");
        bo.next("participantJoined");

        List<String> bad = List.of(
                "{not json",
                "[1,2,3]",
                "\"join\"",
                "{}",
                "{\"type\":42}",
                "{\"type\":\"dance\"}",
                "{\"type\":\"publish\"}",
                "{\"type\":\"publish\",\"sdp\":7}",
                "{\"type\":\"publish\",\"sdp\":\"\"}",
                "{\"type\":\"subscribeAnswer\",\"sdp\":\"v=0\"}",
                "{\"type\":\"subscribeAnswer\",\"revision\":0,\"sdp\":\"v=0\"}",
                "{\"type\":\"subscribeAnswer\",\"revision\":1.5,\"sdp\":\"v=0\"}",
                "{\"type\":\"restartIce\"}",
                "{\"type\":\"restartIce\",\"direction\":\"publish\"}",
                "{\"type\":\"restartIce\",\"direction\":\"sideways\"}",
                "{\"type\":\"stats\",\"inbound\":{}}",
                "{\"type\":\"stats\",\"inbound\":[{\"participant\":\"x\",\"kind\":\"smell\"}]}",
                "{\"type\":\"stats\",\"transports\":[{\"direction\":\"publish\",\"state\":\"x\",\"remotePort\":70000}]}",
                "{\"type\":\"leave\",\"id\":" + "\"" + "x".repeat(65) + "\"}",
                "{\"type\":\"publish\",\"sdp\":\"" + "a".repeat(70 * 1024) + "\"}");
        for (String text : bad) {
            ana.sendText(text);
            JsonObject error = ana.error(ErrorCode.BAD_MESSAGE);
            assertThat(error.getString("message")).isNotBlank();
        }
        ana.sendBinary(new byte[] {1, 2, 3});
        ana.error(ErrorCode.BAD_MESSAGE);
        assertThat(ana.isClosed()).isFalse();

        // the request id comes back with the error when the message had a valid one
        ana.sendText("{\"type\":\"publish\",\"id\":\"r7\"}");
        assertThat(ana.error(ErrorCode.BAD_MESSAGE).getString("id")).isEqualTo("r7");

        // Bo saw none of it and still works: a bad SDP of his is his own error, his publish is answered
        bo.expectSilence(200);
        bo.send(new JsonObject().put("type", "publish").put("sdp", "not sdp").put("id", "p0"));
        assertThat(bo.error(ErrorCode.BAD_SDP).getString("id")).isEqualTo("p0");
        bo.send(new JsonObject().put("type", "publish").put("sdp", CapturedSdp.text("chromium-offer-plain")));
        bo.next("publishAnswer");

        // and Ana's socket is still usable after all that
        ana.next("subscribeOffer");
        ana.send(new JsonObject().put("type", "stats").put("inbound", new JsonArray()));
        ana.send(new JsonObject().put("type", "leave"));
        ana.next("left");
        bo.next("participantLeft");

        JsonObject refusals = node.diagnostics("m").getJsonObject("refusals");
        assertThat(refusals.getLong("BAD_MESSAGE")).isEqualTo(bad.size() + 2L);
        assertThat(refusals.getLong("BAD_SDP")).isEqualTo(1L);
        bo.close();
    }

    @Test
    void requestsBeforeJoinAndSecondJoinsAreRefusedButKeepTheSocket() throws Exception {
        WsClient ana = node.client();
        ana.send(new JsonObject().put("type", "publish").put("sdp", "v=0").put("id", "early"));
        assertThat(ana.error(ErrorCode.NOT_JOINED).getString("id")).isEqualTo("early");
        ana.send(new JsonObject().put("type", "leave"));
        ana.error(ErrorCode.NOT_JOINED);
        node.joinInvite(ana, "m", "Ana");
        ana.send(SignalingNode.join(node.tokens.mintInvite("srv", "m", java.time.Duration.ofMinutes(1)), "Ana"));
        ana.error(ErrorCode.ALREADY_JOINED);
        ana.send(new JsonObject().put("type", "resume").put("session", "s").put("resume", "r"));
        ana.error(ErrorCode.ALREADY_JOINED);
        assertThat(ana.isClosed()).isFalse();
        ana.send(new JsonObject().put("type", "leave"));
        ana.next("left");
        assertThat(ana.awaitClosed()).isTrue();
    }

    @Test
    void anotherProtocolVersionClosesTheSocket() throws Exception {
        WsClient ana = node.client();
        String token = node.tokens.mintInvite("srv", "m", java.time.Duration.ofMinutes(1));
        ana.send(SignalingNode.join(token, "Ana").put("v", 2));
        ana.error(ErrorCode.UNSUPPORTED_VERSION);
        assertThat(ana.awaitClosed()).isTrue();
    }

    @Test
    void namesMustBeShortAndPrintable() throws Exception {
        WsClient ana = node.client();
        String token = node.tokens.mintInvite("srv", "m", java.time.Duration.ofMinutes(1));
        ana.send(SignalingNode.join(token, "x".repeat(65)));
        ana.error(ErrorCode.BAD_MESSAGE);
        ana.send(SignalingNode.join(token, "a\u0000b"));
        ana.error(ErrorCode.BAD_MESSAGE);
        ana.send(SignalingNode.join(token, "   "));
        ana.error(ErrorCode.BAD_MESSAGE);
        ana.send(SignalingNode.join(token, "Ana Lúcia 🎧"));
        assertThat(ana.next("joined").getJsonObject("self").getString("name")).isEqualTo("Ana Lúcia 🎧");
        ana.close();
    }
}

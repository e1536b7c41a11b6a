package org.canal.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.canal.signaling.P2pPeers.epochOf;
import static org.canal.signaling.P2pPeers.media;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The media mode's messages (docs/signaling.md, "Media mode"): malformed {@code features},
 * {@code mediaReady} and {@code p2pSignal} are refused BAD_MESSAGE with the socket kept; unknown
 * features are ignored; the relay-only policy passes only relay candidates and cuts the others from
 * relayed SDP (counted by reason), and means SFU on a node without TURN.
 */
@ExtendWith(VertxExtension.class)
class P2pMessagesTest {
    private static final Duration WAIT = Duration.ofSeconds(WsClient.WAIT_SECONDS);
    private SignalingNode node;

    @AfterEach
    void stop() throws Exception {
        node.close();
    }

    @Test
    void malformedMediaMessagesAreRefusedAndTheSocketStaysOpen(Vertx vertx) throws Exception {
        node = SignalingNode.start(vertx, P2pPeers.options(Duration.ofMillis(200), WAIT));
        WsClient ana = node.client();
        P2pPeers.join(node, ana, "ana", "m");
        WsClient bo = node.client();
        P2pPeers.join(node, bo, "bo", "m");
        P2pPeers.nextOf(ana, "media");

        JsonObject sdp = new JsonObject().put("type", "offer").put("sdp", "v=0\r\n");
        JsonObject cand = new JsonObject().put("candidate", "candidate:1 1 udp 1 192.0.2.1 1 typ host").put("sdpMid", "0");
        List<JsonObject> bad = List.of(
                signal().put("description", sdp),                                    // no epoch
                signal().put("epoch", 0).put("description", sdp),
                signal().put("epoch", "2").put("description", sdp),
                signal().put("epoch", 2),                                             // neither
                signal().put("epoch", 2).put("description", sdp).put("candidate", cand), // both
                signal().put("epoch", 2).put("description", "v=0"),
                signal().put("epoch", 2).put("description", new JsonObject().put("type", "pranswer").put("sdp", "v=0")),
                signal().put("epoch", 2).put("description", new JsonObject().put("type", "offer")),
                signal().put("epoch", 2).put("description", new JsonObject().put("type", "offer").put("sdp", "")),
                signal().put("epoch", 2).put("description", new JsonObject().put("type", "offer").put("sdp", "v=0\u0000")),
                signal().put("epoch", 2).put("candidate", "candidate:1 1 udp 1 192.0.2.1 1 typ host"),
                signal().put("epoch", 2).put("candidate", cand.copy().put("candidate", 7)),
                signal().put("epoch", 2).put("candidate", cand.copy().put("candidate", "x".repeat(1025))),
                signal().put("epoch", 2).put("candidate", cand.copy().put("candidate", "candidate:1\r\na=evil")),
                signal().put("epoch", 2).put("candidate", cand.copy().putNull("sdpMid")),
                signal().put("epoch", 2).put("candidate", cand.copy().put("sdpMLineIndex", -1)),
                signal().put("epoch", 2).put("candidate", cand.copy().put("sdpMLineIndex", "0")),
                signal().put("epoch", 2).put("candidate", cand.copy().put("sdpMid", "x".repeat(65))),
                signal().put("epoch", 2).put("candidate", cand.copy().put("usernameFragment", 5)),
                new JsonObject().put("type", "mediaReady"),
                new JsonObject().put("type", "mediaReady").put("epoch", -1),
                new JsonObject().put("type", "mediaReady").put("epoch", 1.5),
                new JsonObject().put("type", "mediaReady").put("epoch", "2"));
        int n = 0;
        for (JsonObject m : bad) {
            m.put("id", "b" + n++);
            ana.send(m);
            assertThat(ana.error(ErrorCode.BAD_MESSAGE).getString("id")).as(m.encode()).isEqualTo(m.getString("id"));
        }
        bo.expectSilence(200);
        // still joined, and the epoch goes on
        ana.send(P2pPeers.candidate(2, ""));
        assertThat(bo.next("p2pSignal").getJsonObject("candidate").getString("candidate")).isEmpty();
        ana.send(new JsonObject().put("type", "p2pSignal").put("epoch", 2)
                .put("description", new JsonObject().put("type", "rollback")));
        assertThat(bo.next("p2pSignal").getJsonObject("description")).isEqualTo(new JsonObject().put("type", "rollback"));
        ana.close();
        bo.close();
    }

    @Test
    void malformedFeaturesRefuseTheJoinAndUnknownOnesAreIgnored(Vertx vertx) throws Exception {
        node = SignalingNode.start(vertx, P2pPeers.options(Duration.ofMillis(200), WAIT));
        String token = Moderators.token(node, "ana", "j", Grants.PARTICIPANT, false);
        List<Object> bad = List.of("p2p", new JsonArray().add(7), new JsonArray().add(""),
                new JsonArray().add("x".repeat(33)), new JsonArray(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i")));
        for (Object features : bad) {
            WsClient c = node.client();
            c.send(SignalingNode.join(token, "Ana").put("features", features));
            c.error(ErrorCode.BAD_MESSAGE);
            c.close();
        }
        WsClient ana = node.client();
        ana.send(SignalingNode.join(token, "Ana").put("features", new JsonArray().add("simulcast-2030").add("p2p")));
        assertThat(ana.next("joined").getJsonObject("media")).isEqualTo(media(1, "p2p", null, null, false));
        WsClient bo = node.client();
        bo.send(SignalingNode.join(Moderators.token(node, "bo", "j", Grants.PARTICIPANT, false), "Bo")
                .put("features", new JsonArray().add("simulcast-2030")));
        assertThat(bo.next("joined").getJsonObject("media")).as("only unknown features: not capable")
                .isEqualTo(media(2, "sfu", null, null, false));
        ana.close();
        bo.close();
    }

    @Test
    void relayOnlyPassesOnlyRelayCandidates(Vertx vertx) throws Exception {
        SignalingOptions options = P2pPeers.options(Duration.ofMillis(200), WAIT);
        node = SignalingNode.start(vertx, options.withP2p(options.p2p().withMode(P2pMode.RELAY)).withTurnAvailable(true));
        WsClient ana = node.client();
        JsonObject anaJoined = P2pPeers.join(node, ana, "ana", "relay");
        assertThat(anaJoined.getJsonObject("policy").getString("p2p")).isEqualTo("relay");
        WsClient bo = node.client();
        assertThat(P2pPeers.join(node, bo, "bo", "relay").getJsonObject("media"))
                .isEqualTo(media(2, "p2p", "ana", "answerer", true));
        assertThat(epochOf(P2pPeers.nextOf(ana, "media"))).isEqualTo(media(2, "p2p", "bo", "offerer", true));

        ana.send(P2pPeers.candidate(2, "candidate:1 1 udp 2122260223 192.0.2.4 51000 typ host generation 0"));
        ana.send(P2pPeers.candidate(2, "candidate:2 1 udp 1686052607 198.51.100.9 40001 typ srflx raddr 192.0.2.4 rport 51000"));
        ana.send(P2pPeers.candidate(2, "candidate:3 1 udp 41885439 203.0.113.5 49152 typ relay raddr 198.51.100.9 rport 40001"));
        JsonObject passed = bo.next("p2pSignal");
        assertThat(passed.getJsonObject("candidate").getString("candidate")).contains("typ relay");
        bo.expectSilence(200);

        String offer = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                + "m=audio 51000 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 192.0.2.4\r\na=rtcp:9 IN IP4 192.0.2.4\r\na=mid:0\r\n"
                + "a=candidate:1 1 udp 2122260223 192.0.2.4 51000 typ host generation 0\r\n"
                + "a=candidate:3 1 udp 41885439 203.0.113.5 49152 typ relay raddr 198.51.100.9 rport 40001\r\n"
                + "a=end-of-candidates\r\n";
        ana.send(P2pPeers.offer(2, offer));
        String relayed = bo.next("p2pSignal").getJsonObject("description").getString("sdp");
        assertThat(relayed).isEqualTo("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                + "m=audio 51000 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\na=mid:0\r\n"
                + "a=candidate:3 1 udp 41885439 203.0.113.5 49152 typ relay raddr 198.51.100.9 rport 40001\r\n"
                + "a=end-of-candidates\r\n");
        assertThat(relayed).doesNotContain("192.0.2.4");
        JsonObject refusals = node.diagnostics("relay").getJsonObject("refusals");
        assertThat(refusals.getLong("P2P_DROPPED_NOT_RELAY_CANDIDATE")).isEqualTo(2);
        assertThat(refusals.getLong("P2P_DROPPED_NOT_RELAY_SDP_LINE")).isEqualTo(1);
        ana.close();
        bo.close();
    }

    @Test
    void relayOnlyWithoutATurnServerMeansSfu(Vertx vertx) throws Exception {
        SignalingOptions options = P2pPeers.options(Duration.ofMillis(200), WAIT);
        node = SignalingNode.start(vertx, options.withP2p(options.p2p().withMode(P2pMode.RELAY)));
        WsClient ana = node.client();
        JsonObject joined = P2pPeers.join(node, ana, "ana", "noturn");
        assertThat(joined.getJsonObject("media")).isEqualTo(media(1, "sfu", null, null, false));
        ana.send(P2pPeers.publish("p"));
        ana.next("publishAnswer");
        ana.close();
    }

    private static JsonObject signal() {
        return new JsonObject().put("type", "p2pSignal");
    }
}

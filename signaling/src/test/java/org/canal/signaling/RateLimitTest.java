package org.canal.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.canal.signaling.limits.RateLimit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Floods are refused per client address, per user and per socket with RATE_LIMITED (HTTP 429 for
 * sockets), counted in diagnostics, and never disturb another address's joins or another
 * participant's session; the limits refill with time. Clients play several addresses through
 * 127.0.0.2 and up (all loopback). Small configured windows stand in for a fake clock here; the
 * buckets' arithmetic is tested on a fake clock in {@code limits.RateLimiterTest}.
 */
@ExtendWith(VertxExtension.class)
class RateLimitTest {
    private final List<WsClient> clients = new ArrayList<>();
    private SignalingNode node;

    private void start(Vertx vertx, SignalingLimits limits) throws Exception {
        node = SignalingNode.start(vertx, SignalingNode.defaultOptions("node-" + Ids.random(6).replace('_', 'x'))
                .withLimits(limits));
    }

    @AfterEach
    void stop() throws Exception {
        clients.forEach(WsClient::close);
        node.close();
    }

    private WsClient client(String from) throws Exception {
        WsClient client = WsClient.connect(node.vertx, node.port(), from);
        clients.add(client);
        return client;
    }

    private String invite(String channel) {
        return node.tokens.mintInvite("srv", channel, Duration.ofMinutes(5));
    }

    @Test
    void aJoinFloodFromOneAddressIsRefusedWhileAnotherAddressJoinsAndTheLimitRefills(Vertx vertx) throws Exception {
        // three joins at once, then one every 5 s
        start(vertx, SignalingLimits.defaults().withJoinsPerAddress(new RateLimit(3, Duration.ofSeconds(15))));
        for (int i = 0; i < 3; i++) {
            node.joinInvite(client("127.0.0.2"), "j", "Guest " + i);
        }
        WsClient flooder = client("127.0.0.2");
        flooder.send(SignalingNode.join(invite("j"), "Fourth").put("id", "j4"));
        JsonObject refused = flooder.error(ErrorCode.RATE_LIMITED);
        assertThat(refused.getString("id")).isEqualTo("j4");
        assertThat(refused.getString("message")).contains("retry in");
        assertThat(flooder.closeStatus()).isEqualTo((short) 1008);
        // a resume is an attempt too (it checks a secret), and is refused before any lookup
        WsClient resumer = client("127.0.0.2");
        resumer.send(new JsonObject().put("type", "resume").put("session", "s").put("resume", "r"));
        resumer.error(ErrorCode.RATE_LIMITED);
        assertThat(resumer.closeStatus()).isEqualTo((short) 1008);

        node.joinInvite(client("127.0.0.3"), "j", "Elsewhere");

        await().atMost(Duration.ofSeconds(WsClient.WAIT_SECONDS)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            WsClient later = client("127.0.0.2");
            later.send(SignalingNode.join(invite("j"), "Later"));
            assertThat(later.next().getString("type")).isEqualTo("joined");
        });
        JsonObject diagnostics = node.diagnostics("j");
        assertThat(diagnostics.getJsonObject("refusals").getLong("RATE_LIMITED")).isGreaterThanOrEqualTo(2);
        assertThat(diagnostics.getJsonObject("rateLimited").getLong("joinsPerAddress")).isGreaterThanOrEqualTo(2);
        assertThat(diagnostics.encode()).doesNotContain("127.0.0.2");
    }

    @Test
    void oneUserJoiningFromManyAddressesIsLimitedAfterItsTokenIsVerified(Vertx vertx) throws Exception {
        start(vertx, SignalingLimits.defaults().withJoinsPerUser(new RateLimit(2, Duration.ofMinutes(10))));
        for (int i = 0; i < 2; i++) {
            WsClient c = client("127.0.0." + (10 + i));
            c.send(SignalingNode.join(node.tokens.mintJoin("u1", "srv", "u", Duration.ofMinutes(1)), "U1"));
            c.next("joined");
        }
        WsClient third = client("127.0.0.12");
        third.send(SignalingNode.join(node.tokens.mintJoin("u1", "srv", "u", Duration.ofMinutes(1)), "U1"));
        third.error(ErrorCode.RATE_LIMITED);
        assertThat(third.closeStatus()).isEqualTo((short) 1008);
        WsClient other = client("127.0.0.12");
        other.send(SignalingNode.join(node.tokens.mintJoin("u2", "srv", "u", Duration.ofMinutes(1)), "U2"));
        other.next("joined");
        assertThat(node.diagnostics("u").getJsonObject("rateLimited").getLong("joinsPerUser")).isEqualTo(1);
    }

    @Test
    void aSocketFloodIsRefusedWithHttp429ForThatAddressOnly(Vertx vertx) throws Exception {
        start(vertx, SignalingLimits.defaults().withSocketsPerAddress(new RateLimit(4, Duration.ofMinutes(10))));
        for (int i = 0; i < 4; i++) {
            client("127.0.0.20");
        }
        Throwable refused = catchThrowable(() -> client("127.0.0.20"));
        assertThat(refused).isInstanceOf(ExecutionException.class);
        assertThat(refused.getCause()).isInstanceOfSatisfying(UpgradeRejectedException.class, e -> {
            assertThat(e.getStatus()).isEqualTo(429);
            assertThat(Long.parseLong(e.getHeaders().get("Retry-After"))).isBetween(1L, 150L);
        });
        WsClient elsewhere = client("127.0.0.21");
        node.joinInvite(elsewhere, "s", "Elsewhere");
        JsonObject diagnostics = node.diagnostics("s");
        assertThat(diagnostics.getJsonObject("rateLimited").getLong("sockets")).isEqualTo(1);
        assertThat(diagnostics.getJsonObject("refusals").getLong("RATE_LIMITED")).isEqualTo(1);
    }

    @Test
    void aMessageFloodOnOneSocketIsDroppedThenClosedWhileAnotherSessionGoesOn(Vertx vertx) throws Exception {
        // ten messages at once, then five a second
        start(vertx, SignalingLimits.defaults().withMessagesPerSocket(new RateLimit(10, Duration.ofSeconds(2))));
        WsClient bo = client("127.0.0.30");
        node.joinInvite(bo, "f", "Bo");
        WsClient ana = client("127.0.0.31");
        node.joinInvite(ana, "f", "Ana");
        bo.next("participantJoined");

        // over the rate but within the allowance of drops: errors, the socket stays
        for (int i = 0; i < 20; i++) {
            ana.send(new JsonObject().put("type", "stats"));
        }
        int rateLimited = 0;
        for (JsonObject m = ana.poll(2000); m != null; m = ana.poll(1000)) {
            if ("error".equals(m.getString("type"))) {
                assertThat(m.getString("code")).isEqualTo(ErrorCode.RATE_LIMITED.name());
                rateLimited++;
            }
        }
        assertThat(rateLimited).isBetween(1, 11);
        assertThat(ana.isClosed()).isFalse();

        // the rate refills: a message is handled again (a bad SDP answered as such, with its id)
        await().atMost(Duration.ofSeconds(WsClient.WAIT_SECONDS)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            ana.send(new JsonObject().put("type", "publish").put("sdp", "not sdp").put("id", "again"));
            JsonObject reply = ana.next("error");
            assertThat(reply.getString("code")).isEqualTo(ErrorCode.BAD_SDP.name());
            assertThat(reply.getString("id")).isEqualTo("again");
        });

        // a sustained flood closes the socket with 1008
        for (int i = 0; i < 300; i++) {
            ana.send(new JsonObject().put("type", "stats"));
        }
        assertThat(ana.closeStatus()).isEqualTo((short) 1008);

        // Bo saw no error and still negotiates
        bo.send(new JsonObject().put("type", "publish").put("sdp", CapturedSdp.text("chromium-offer-plain")));
        for (JsonObject m = bo.next(); !"publishAnswer".equals(m.getString("type")); m = bo.next()) {
            assertThat(m.getString("type")).as(m.encode()).isNotEqualTo("error");
        }
        JsonObject diagnostics = node.diagnostics("f");
        JsonObject limited = diagnostics.getJsonObject("rateLimited");
        assertThat(limited.getLong("socketsClosedForFlooding")).isEqualTo(1);
        assertThat(limited.getLong("messagesDropped")).isGreaterThan(20);
        assertThat(diagnostics.getJsonObject("refusals").getLong("RATE_LIMITED")).isGreaterThan(rateLimited);
    }
}

package org.canal.server.turn;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.canal.media.api.MediaCommand;
import org.canal.media.api.MediaControl;
import org.canal.media.api.NodeStats;
import org.canal.protocol.stun.StunTransportAddress;
import org.canal.server.CanalNode;
import org.canal.server.NodeOptionsLoader;
import org.canal.server.browser.LoopbackNamespace;
import org.canal.signaling.TurnCredentials;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Canal's STUN and TURN against Debian's real coturn, in the loopback-only namespace (docs/turn.md):
 * a dev node configured with {@code stun.self} and coturn's URL and secret hands a joining client its
 * own {@code stun:} URL, which answers with the client's address, and a TURN credential with which the
 * client allocates a relay on coturn and sends through it; a credential past its expiry and one under
 * another secret are refused by coturn with 401. coturn missing fails the test; nothing is skipped.
 */
class TurnServerIT {
    private static final long WAIT_SECONDS = 30;
    /** Fixed, because this JVM has a network namespace of its own (docs/testing.md). */
    private static final int TURN_PORT = 40070;
    private static final int MIN_RELAY_PORT = 40100;
    private static final int MAX_RELAY_PORT = 40199;
    private static final Pattern STUN_URL = Pattern.compile("stun:([0-9.]+):(\\d+)");

    private static CoturnProcess coturn;
    private static CanalNode node;
    private static Path home;

    @BeforeAll
    static void startCoturnAndNode() throws Exception {
        LoopbackNamespace.require();
        coturn = CoturnProcess.start(TURN_PORT, MIN_RELAY_PORT, MAX_RELAY_PORT);
        home = Files.createTempDirectory("canal-turn-it");
        node = CanalNode.start(NodeOptionsLoader.load(true, Optional.empty(), Map.of(
                "CANAL_HOME", home.toString(),
                "CANAL_HTTPS_PORT", "0",
                "CANAL_MEDIA_PORT", "0",
                "CANAL_STUN_SELF", "true",
                "CANAL_TURN_URLS", coturn.turnUrl(),
                "CANAL_TURN_SECRET", coturn.secret(),
                "CANAL_TURN_TTL", "10m"))).await(60, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (node != null) {
                node.close().await(30, TimeUnit.SECONDS);
            }
        } finally {
            if (coturn != null) {
                coturn.close();
            }
            if (home != null) {
                try (var files = Files.walk(home)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    @Test
    void joinedHandsOutTheNodesStunAndCoturnCredentialsThatRelay() throws Exception {
        JsonArray iceServers = join().getJsonArray("iceServers");
        assertThat(iceServers).hasSize(2);

        // the node's own stun: URL: its advertised address and media port, answering plain STUN
        String stunUrl = iceServers.getJsonObject(0).getJsonArray("urls").getString(0);
        Matcher m = STUN_URL.matcher(stunUrl);
        assertThat(m.matches()).as(stunUrl).isTrue();
        long answeredBefore = nodeStats().stunBindingsAnswered();
        try (TurnClient client = new TurnClient(turnServer())) {
            StunTransportAddress mapped = client.binding(new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2))));
            assertThat(Arrays.copyOf(mapped.address(), mapped.addressLength()))
                    .isEqualTo(client.localAddress().getAddress().getAddress());
            assertThat(mapped.port()).isEqualTo(client.localAddress().getPort());
        }
        assertThat(nodeStats().stunBindingsAnswered()).isGreaterThan(answeredBefore);

        // the TURN entry: coturn's URL with a credential that coturn accepts
        JsonObject turn = iceServers.getJsonObject(1);
        assertThat(turn.getJsonArray("urls")).containsExactly("turn:127.0.0.1:40070?transport=udp");
        try (TurnClient client = new TurnClient(turnServer());
                DatagramSocket peer = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            TurnClient.Allocation allocation = client.allocate(turn.getString("username"), turn.getString("credential"));
            assertThat(allocation.succeeded()).as("Allocate answered %s; coturn's log:%n%s", allocation.errorCode(),
                    coturn.logText()).isTrue();
            assertThat(allocation.responseAuthentic()).as("coturn signed its answer with the same key").isTrue();
            assertThat(allocation.relayed().port()).isBetween(MIN_RELAY_PORT, MAX_RELAY_PORT);
            assertThat(allocation.mapped().port()).isEqualTo(client.localAddress().getPort());
            assertThat(allocation.lifetime()).isPositive();

            // and the relay carries data: coturn sends it to the peer from the relayed address
            InetSocketAddress peerAddress = (InetSocketAddress) peer.getLocalSocketAddress();
            assertThat(client.createPermission(peerAddress)).isEqualTo(-1);
            byte[] hello = "through the relay".getBytes(StandardCharsets.UTF_8);
            client.send(peerAddress, hello);
            peer.setSoTimeout((int) TimeUnit.SECONDS.toMillis(10));
            DatagramPacket in = new DatagramPacket(new byte[1500], 1500);
            peer.receive(in);
            assertThat(Arrays.copyOf(in.getData(), in.getLength())).isEqualTo(hello);
            assertThat(in.getPort()).isEqualTo(allocation.relayed().port());
            client.release();
        }
    }

    /** draft-uberti-behave-turn-rest-00 section 2.2: coturn refuses a username whose expiry has passed. */
    @Test
    void aCredentialPastItsExpiryIsRefused() throws Exception {
        TurnCredentials credentials = new TurnCredentials(coturn.secret().getBytes(StandardCharsets.UTF_8),
                Duration.ofMinutes(10), Clock.systemUTC());
        TurnCredentials.Credential expired = credentials.mintExpiringAt(Instant.now().minusSeconds(60), "expired-id");
        TurnCredentials.Credential valid = credentials.mint("valid-id");
        try (TurnClient client = new TurnClient(turnServer())) {
            assertThat(client.allocate(expired.username(), expired.password()).errorCode()).isEqualTo(401);
        }
        // the same secret, in date: accepted (so the refusal above is the expiry's)
        try (TurnClient client = new TurnClient(turnServer())) {
            TurnClient.Allocation allocation = client.allocate(valid.username(), valid.password());
            assertThat(allocation.succeeded()).as("coturn's log:%n%s", coturn.logText()).isTrue();
            client.release();
        }
    }

    @Test
    void aCredentialUnderAnotherSecretIsRefused() throws Exception {
        TurnCredentials other = new TurnCredentials("not-the-secret-coturn-was-given".getBytes(StandardCharsets.UTF_8),
                Duration.ofMinutes(10), Clock.systemUTC());
        TurnCredentials.Credential forged = other.mint("forged-id");
        try (TurnClient client = new TurnClient(turnServer())) {
            assertThat(client.allocate(forged.username(), forged.password()).errorCode()).isEqualTo(401);
        }
    }

    private static InetSocketAddress turnServer() {
        return coturn.address();
    }

    private static NodeStats nodeStats() throws Exception {
        return new MediaControl(node.vertx(), node.options().nodeId()).send(new MediaCommand.DescribeNode())
                .await(10, TimeUnit.SECONDS);
    }

    /** Joins the dev node's demo call over its WebSocket with a fresh invite token; returns {@code joined}. */
    private static JsonObject join() throws Exception {
        WebSocketClient client = node.vertx().createWebSocketClient(new WebSocketClientOptions().setSsl(true)
                .setTrustOptions(new PemTrustOptions().addCertValue(
                        Buffer.buffer(node.certificate().orElseThrow().certificatePem()))));
        try {
            WebSocket socket = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
                    .setPort(node.httpsPort()).setURI("/ws").setSsl(true)).await(WAIT_SECONDS, TimeUnit.SECONDS);
            CompletableFuture<JsonObject> joined = new CompletableFuture<>();
            socket.textMessageHandler(text -> {
                JsonObject message = new JsonObject(text);
                if ("joined".equals(message.getString("type")) || "error".equals(message.getString("type"))) {
                    joined.complete(message);
                }
            });
            String token = node.tokens().invite("dev", "turn", Duration.ofMinutes(5));
            socket.writeTextMessage(new JsonObject().put("type", "join").put("id", "j").put("v", 1)
                    .put("token", token).put("name", "Ana").encode()).await(WAIT_SECONDS, TimeUnit.SECONDS);
            JsonObject message = joined.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(message.getString("type")).as(message.encode()).isEqualTo("joined");
            socket.close().await(WAIT_SECONDS, TimeUnit.SECONDS);
            return message;
        } finally {
            client.close().await(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }
}

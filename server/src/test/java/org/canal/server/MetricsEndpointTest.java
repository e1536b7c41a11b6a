package org.canal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.canal.signaling.JoinTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real dev node with {@code metrics.port} on an ephemeral port: a WebSocket client joins a call, another
 * is refused for a token signed with another key, a plain STUN Binding request and an unclassifiable
 * datagram reach the media port; {@code GET /metrics} then shows Canal's meters with those counts, the
 * Vert.x and JVM meters, and no address, participant, channel or token anywhere in the body.
 */
class MetricsEndpointTest {
    static final long WAIT_SECONDS = 30;
    static final String USER = "user-metricsprobe";
    static final String CHANNEL = "channel-metricsprobe";
    /** An IPv4 address anywhere (a label value, a help text). */
    static final Pattern IPV4 = Pattern.compile("(?<![\\d.])\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}(?![\\d.])");
    /** An IPv6 address in a label value: hex groups with two or more colons. */
    static final Pattern IPV6_LABEL = Pattern.compile("=\"[^\"]*[0-9A-Fa-f]{0,4}:[0-9A-Fa-f]{0,4}:[^\"]*\"");

    @TempDir
    static Path home;
    static CanalNode node;
    static Vertx client;
    static int mediaPort;
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> environment = TestNodes.devEnvironment(home);
        environment.put("CANAL_METRICS_PORT", "0");
        mediaPort = freeUdpPort();
        environment.put("CANAL_MEDIA_PORT", Integer.toString(mediaPort));
        node = CanalNode.start(NodeOptionsLoader.load(true, Optional.empty(), environment)).await(60, TimeUnit.SECONDS);
        client = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close().await(WAIT_SECONDS, TimeUnit.SECONDS);
        }
        if (node != null) {
            node.close().await(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void canalVertxAndJvmMetersAreServedWithTheirCountsAndNoPrivateData() throws Exception {
        assertThat(node.metricsPort()).isPresent();
        assertThat(node.metricsPort().get()).isPositive().isNotEqualTo(node.httpsPort());

        String forged = JoinTokens.hs256(randomBytes(32), node.options().jwtIssuer())
                .mintJoin("intruder", "acme", CHANNEL, Duration.ofMinutes(5));
        try (NodeSocket refused = NodeSocket.open(client, node)) {
            refused.send(new JsonObject().put("type", "join").put("v", 1).put("name", "Intruder").put("token", forged));
            assertThat(refused.next("error").getString("code")).isEqualTo("TOKEN_BAD_SIGNATURE");
        }

        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            udp.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            InetSocketAddress media = new InetSocketAddress(InetAddress.getLoopbackAddress(), mediaPort);
            // a plain Binding request (RFC 8489 section 6): the node answers as a stun: server
            byte[] request = bindingRequest();
            udp.send(new DatagramPacket(request, request.length, media));
            DatagramPacket answer = new DatagramPacket(new byte[1500], 1500);
            udp.receive(answer);
            assertThat(ByteBuffer.wrap(answer.getData()).getShort(0)).isEqualTo((short) 0x0101);
            // first byte 255: neither STUN, DTLS, nor RTP/RTCP (RFC 7983)
            byte[] junk = {(byte) 0xFF, 1, 2, 3, 4, 5, 6, 7};
            udp.send(new DatagramPacket(junk, junk.length, media));
        }

        try (NodeSocket ana = NodeSocket.open(client, node)) {
            ana.send(new JsonObject().put("type", "join").put("v", 1).put("name", "Name-metricsprobe")
                    .put("token", node.tokens().join(USER, "acme", CHANNEL, Duration.ofMinutes(5))));
            ana.next("joined");

            // the media engine's answer is cached for a second: wait for one that has both datagrams
            await().atMost(Duration.ofSeconds(WAIT_SECONDS)).pollInterval(Duration.ofMillis(300)).until(() -> {
                String body = scrape().body();
                return value(body, "canal_media_datagrams_received_total", "").orElse(0) >= 2
                        && value(body, "canal_media_drops_total", "reason=\"UNCLASSIFIABLE\"").isPresent();
            });
            // a meter whose source only it refers to (weakly, Micrometer's default) would now show NaN
            System.gc();
            HttpResponse<String> response = scrape();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/plain; version=0.0.4");
            String body = response.body();

            assertThat(value(body, "canal_calls", "")).hasValue(1);
            assertThat(value(body, "canal_sessions", "")).hasValue(1);
            assertThat(value(body, "canal_signaling_refusals_total", "code=\"TOKEN_BAD_SIGNATURE\"").orElse(0)).isGreaterThanOrEqualTo(1);
            assertThat(value(body, "canal_signaling_refusals_total", "code=\"TOKEN_EXPIRED\"")).hasValue(0);
            assertThat(value(body, "canal_signaling_rate_limited_total", "kind=\"sockets\"")).hasValue(0);
            assertThat(value(body, "canal_media_stun_bindings_answered_total", "").orElse(0)).isGreaterThanOrEqualTo(1);
            assertThat(value(body, "canal_media_drops_total", "reason=\"UNCLASSIFIABLE\"").orElse(0)).isGreaterThanOrEqualTo(1);
            assertThat(value(body, "canal_media_calls", "")).isPresent();
            assertThat(value(body, "canal_media_transports", "")).isPresent();
            // Vert.x's and the JVM's meters
            assertThat(body).contains("vertx_http_server_", "jvm_memory_used_bytes", "jvm_threads_live_threads");

            assertThat(IPV4.matcher(body).results().map(java.util.regex.MatchResult::group).toList()).as("IPv4 addresses in /metrics").isEmpty();
            assertThat(IPV6_LABEL.matcher(body).results().map(java.util.regex.MatchResult::group).toList()).as("IPv6 addresses in labels").isEmpty();
            assertThat(body).doesNotContain(USER, CHANNEL, "intruder", "metricsprobe", forged, "acme", node.options().nodeId());
        }
    }

    @Test
    void onlyGetMetricsIsServedAndNeverOnTheHttpsPort() throws Exception {
        URI base = URI.create("http://127.0.0.1:" + node.metricsPort().orElseThrow());
        assertThat(http.send(HttpRequest.newBuilder(base.resolve("/")).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(404);
        assertThat(http.send(HttpRequest.newBuilder(base.resolve("/metrics")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
        HttpResponse<String> onHttps = TestNodes.httpsClient(node).send(HttpRequest.newBuilder(
                URI.create("https://127.0.0.1:" + node.httpsPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(onHttps.statusCode()).isEqualTo(404);
        assertThat(onHttps.body()).doesNotContain("canal_calls");
    }

    static HttpResponse<String> scrape() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.metricsPort().orElseThrow() + "/metrics"))
                .timeout(Duration.ofSeconds(WAIT_SECONDS)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of the sample {@code name{labels}} (labels "" for none), as a whole number. */
    static OptionalDouble sample(String body, String name, String labels) {
        String prefix = labels.isEmpty() ? name + " " : name + "{" + labels;
        for (String line : body.split("\n")) {
            if (line.startsWith(prefix) && (labels.isEmpty() || line.substring(prefix.length()).matches("(,[^}]*)?\\} .*"))) {
                return OptionalDouble.of(Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
        return OptionalDouble.empty();
    }

    static Optional<Integer> value(String body, String name, String labels) {
        OptionalDouble sample = sample(body, name, labels);
        return sample.isPresent() ? Optional.of((int) sample.getAsDouble()) : Optional.empty();
    }

    static byte[] bindingRequest() {
        ByteBuffer message = ByteBuffer.allocate(20);
        message.putShort((short) 0x0001).putShort((short) 0).putInt(0x2112A442).put(randomBytes(12));
        return message.array();
    }

    static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    static int freeUdpPort() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return socket.getLocalPort();
        }
    }
}

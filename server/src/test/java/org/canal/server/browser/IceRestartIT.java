package org.canal.server.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.canal.server.CanalNode;
import org.canal.server.NodeOptionsLoader;
import org.canal.server.TestNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * ICE restart on a network change (issue 4), with two headless Chromium in the dev demo call. The node
 * binds 127.0.0.1:40050 but advertises 127.0.0.9 (every 127.x is on {@code lo} in the test's namespace),
 * where a UDP relay of this test forwards each browser socket's datagrams to the node from a socket of
 * its own, and the replies back, as a NAT does. The "network change": the relay drops everything for a
 * few seconds, then resumes with new per-client source ports (a NAT rebinding, or Wi-Fi to cellular).
 * The SDK restarts ICE on both its connections, the node sees checks with the new credentials from new
 * addresses and switches to them, and video keeps being decoded both ways on the same DTLS association.
 * Then a page told it is back online restarts ICE without any network change, and media goes on.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IceRestartIT {
    /** Fixed, because this JVM has a network namespace of its own (docs/testing.md); 40050-40059 are this test's. */
    static final int MEDIA_PORT = 40050;
    static final String ADVERTISED = "127.0.0.9";
    static final Duration CALL_WAIT = Duration.ofSeconds(30);
    /**
     * Long enough for Chromium to see 'disconnected' (~2.5 s without packets, later on a loaded machine)
     * and the SDK's 2 s grace on both connections. With 8 s a connection sometimes came back before its
     * grace ran out (checks with its old credentials from the new ports still pass), so it needed no
     * restart and the test saw only one; the node's consent (30 s) outlasts 15 s.
     */
    static final Duration OUTAGE = Duration.ofSeconds(15);

    static final String RECORD_RESTARTS = """
            window.iceRestarts = [];
            window.canal.addEventListener('icerestart', (event) => window.iceRestarts.push(event.detail));""";

    @TempDir
    static Path home;
    static CanalNode node;
    static NatRelay relay;
    static CallDiagnostics diagnostics;
    static ChromiumBrowser chromiumA;
    static ChromiumBrowser chromiumB;
    static String idA;
    static String idB;

    @BeforeAll
    static void startNodeRelayAndBrowsers() throws Exception {
        LoopbackNamespace.require();
        node = CanalNode.start(NodeOptionsLoader.load(true, Optional.empty(), Map.of("CANAL_HOME", home.toString(),
                "CANAL_HTTPS_HOST", "127.0.0.1", "CANAL_HTTPS_PORT", "0", "CANAL_MEDIA_BIND", "127.0.0.1",
                "CANAL_MEDIA_ADVERTISED", ADVERTISED, "CANAL_MEDIA_PORT", Integer.toString(MEDIA_PORT),
                "CANAL_P2P_MODE", "off")))
                .await(60, TimeUnit.SECONDS);
        relay = new NatRelay(new InetSocketAddress(ADVERTISED, MEDIA_PORT), new InetSocketAddress("127.0.0.1", MEDIA_PORT));
        diagnostics = new CallDiagnostics(TestNodes.trusting(node.certificate().orElseThrow()), node.httpsPort(),
                "dev", "demo");
        String link = node.demoJoinLink();
        chromiumB = new ChromiumBrowser();
        chromiumB.open(named(link, "Chromium B"));
        idB = chromiumB.participantId(CALL_WAIT);
        chromiumB.driver().executeScript(RECORD_RESTARTS);
        chromiumA = new ChromiumBrowser();
        chromiumA.open(named(link, "Chromium A"));
        idA = chromiumA.participantId(CALL_WAIT);
        chromiumA.driver().executeScript(RECORD_RESTARTS);
    }

    @AfterAll
    static void stopAll() throws Exception {
        for (AutoCloseable closeable : new AutoCloseable[] {chromiumA, chromiumB, relay}) {
            if (closeable != null) {
                closeable.close();
            }
        }
        if (node != null) {
            node.close().await(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(1)
    void afterAnOutageAndNewSourcePortsTheSdkRestartsIceAndVideoKeepsFlowingBothWays() throws Exception {
        await().atMost(CALL_WAIT).pollInterval(Duration.ofMillis(500)).until(() -> diagnostics.read()
                .videoFramesDecoded(idA, idB) > 0 && diagnostics.read().videoFramesDecoded(idB, idA) > 0);
        assertThat(relay.clientsSeen()).as("all media went through the relay: 2 browsers x 2 connections")
                .isGreaterThanOrEqualTo(4);
        assertThat(mediaTransports()).allSatisfy(t -> assertThat(t.getLong("iceRestarts")).isZero());

        relay.outage(OUTAGE);
        long outageEndedAt = System.currentTimeMillis();
        assertThat(relay.generation()).isEqualTo(1);

        // Both pages restarted ICE on both connections.
        for (ChromiumBrowser browser : List.of(chromiumA, chromiumB)) {
            await().atMost(CALL_WAIT).untilAsserted(() -> assertThat(restarts(browser))
                    .as("icerestart events").contains("publish", "subscribe"));
        }

        // The node saw checks with the new credentials, from new addresses, on the four transports.
        await().atMost(CALL_WAIT).untilAsserted(() -> assertThat(mediaTransports()).hasSize(4).allSatisfy(t -> {
            assertThat(t.getLong("iceRestarts")).as("restarts of %s", t).isPositive();
            assertThat(t.getLong("iceRestartsCompleted")).as("completed restarts of %s", t).isPositive();
            assertThat(t.getLong("selectedAddressChanges")).as("address changes of %s", t).isPositive();
            assertThat(t.getString("state")).isEqualTo("CONNECTED");
        }));
        JsonArray sessions = diagnostics.read().raw().getJsonArray("sessions");
        assertThat(sessions).hasSize(2).allSatisfy(s -> {
            JsonObject session = (JsonObject) s;
            assertThat(session.getJsonObject("publish").getInteger("iceRestarts")).isPositive();
            assertThat(session.getJsonObject("subscribe").getInteger("iceRestarts")).isPositive();
        });
        assertThat(relay.clientsSeen()).as("new relay sockets after the change").isGreaterThanOrEqualTo(8);

        // Video keeps being decoded both ways after the change: newer reports show more frames.
        CallDiagnostics.Snapshot after = diagnostics.read();
        long aFromB = after.videoFramesDecoded(idA, idB);
        long bFromA = after.videoFramesDecoded(idB, idA);
        await().atMost(CALL_WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            CallDiagnostics.Snapshot now = diagnostics.read();
            return now.videoFramesDecoded(idA, idB) > aFromB + 30 && now.videoFramesDecoded(idB, idA) > bFromA + 30;
        });
        assertThat(mediaTransports()).as("no transport was replaced").hasSize(4)
                .allSatisfy(t -> assertThat(t.getJsonObject("drops").getLong("DTLS_NOT_ACCEPTED", 0L)).isZero());
        System.out.println("media recovered within " + (System.currentTimeMillis() - outageEndedAt)
                + " ms after the outage; restarts A " + restarts(chromiumA) + ", B " + restarts(chromiumB));
    }

    @Test
    @Order(2)
    void aPageBackOnlineRestartsIceOnBothConnectionsAndMediaGoesOn() throws Exception {
        long completedBefore = completedRestartsOf(idA);
        chromiumA.driver().executeScript("window.dispatchEvent(new Event('online'))");
        await().atMost(CALL_WAIT).untilAsserted(() -> assertThat(restartsFor(chromiumA, "online"))
                .containsExactlyInAnyOrder("publish", "subscribe"));
        await().atMost(CALL_WAIT).until(() -> completedRestartsOf(idA) >= completedBefore + 2);
        CallDiagnostics.Snapshot after = diagnostics.read();
        long aFromB = after.videoFramesDecoded(idA, idB);
        long bFromA = after.videoFramesDecoded(idB, idA);
        await().atMost(CALL_WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
            CallDiagnostics.Snapshot now = diagnostics.read();
            return now.videoFramesDecoded(idA, idB) > aFromB + 30 && now.videoFramesDecoded(idB, idA) > bFromA + 30;
        });
        assertThat(mediaTransports()).hasSize(4).allSatisfy(t -> assertThat(t.getString("state")).isEqualTo("CONNECTED"));
    }

    private static long completedRestartsOf(String participant) throws Exception {
        return mediaTransports().stream().filter(t -> participant.equals(t.getString("participant")))
                .mapToLong(t -> t.getLong("iceRestartsCompleted")).sum();
    }

    private static List<String> restartsFor(ChromiumBrowser browser, String reason) {
        JsonArray events = new JsonArray((String) browser.driver().executeScript(
                "return JSON.stringify(window.iceRestarts || [])"));
        return events.stream().map(JsonObject.class::cast).filter(e -> reason.equals(e.getString("reason")))
                .map(e -> e.getString("direction")).toList();
    }

    private static List<JsonObject> mediaTransports() throws Exception {
        JsonObject media = diagnostics.read().raw().getJsonObject("media");
        return media == null ? List.of() : media.getJsonArray("transports").stream().map(JsonObject.class::cast).toList();
    }

    private static List<String> restarts(ChromiumBrowser browser) {
        JsonArray events = new JsonArray((String) browser.driver().executeScript(
                "return JSON.stringify(window.iceRestarts || [])"));
        return events.stream().map(JsonObject.class::cast).map(e -> e.getString("direction")).toList();
    }

    private static String named(String link, String name) {
        return link + "&name=" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * A NAT between the browsers and the node: a front socket on the advertised address; for each
     * client address, a socket of its own towards the node (its "public" port), whose replies go back to
     * that client. {@link #outage} drops everything for a while and forgets every mapping, so the
     * clients come back from new ports.
     */
    static final class NatRelay implements AutoCloseable {
        private final DatagramSocket front;
        private final InetSocketAddress upstream;
        private final Map<SocketAddress, DatagramSocket> mappings = new ConcurrentHashMap<>();
        private final AtomicLong clients = new AtomicLong();
        private volatile boolean dropping;
        private volatile boolean closed;
        private volatile int generation;
        private final Thread reader;

        NatRelay(InetSocketAddress frontAddress, InetSocketAddress upstream) throws IOException {
            this.front = new DatagramSocket(frontAddress);
            this.upstream = upstream;
            this.reader = new Thread(this::forwardFromClients, "nat-relay-front");
            reader.setDaemon(true);
            reader.start();
        }

        private void forwardFromClients() {
            byte[] buf = new byte[2048];
            while (!closed) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    front.receive(p);
                    if (dropping) {
                        continue;
                    }
                    DatagramSocket out = mappings.computeIfAbsent(p.getSocketAddress(), this::newMapping);
                    out.send(new DatagramPacket(buf, p.getLength(), upstream));
                } catch (IOException e) {
                    if (closed) {
                        return;
                    }
                }
            }
        }

        private DatagramSocket newMapping(SocketAddress client) {
            try {
                DatagramSocket out = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
                clients.incrementAndGet();
                Thread back = new Thread(() -> forwardToClient(out, client), "nat-relay-back");
                back.setDaemon(true);
                back.start();
                return out;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private void forwardToClient(DatagramSocket out, SocketAddress client) {
            byte[] buf = new byte[2048];
            while (!out.isClosed()) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    out.receive(p);
                    if (!dropping) {
                        front.send(new DatagramPacket(buf, p.getLength(), client));
                    }
                } catch (IOException e) {
                    return; // the mapping was dropped
                }
            }
        }

        /** Drops everything for {@code length}, forgets every mapping: clients come back from new ports. */
        void outage(Duration length) throws InterruptedException {
            dropping = true;
            for (DatagramSocket s : mappings.values()) {
                s.close();
            }
            mappings.clear();
            Thread.sleep(length.toMillis());
            generation++;
            dropping = false;
        }

        int generation() {
            return generation;
        }

        /** Mappings made so far, over all generations. */
        long clientsSeen() {
            return clients.get();
        }

        @Override
        public void close() {
            closed = true;
            dropping = true;
            front.close();
            mappings.values().forEach(DatagramSocket::close);
        }
    }
}

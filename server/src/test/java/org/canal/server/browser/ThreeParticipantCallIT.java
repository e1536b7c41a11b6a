package org.canal.server.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.canal.media.api.CallStats;
import org.canal.media.api.MediaCommand;
import org.canal.media.api.MediaControl;
import org.canal.media.api.NodeStats;
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
import org.openqa.selenium.By;

/**
 * The first real call (issue 3): two headless Chromium and one headless Firefox ESR open the dev node's
 * join link and see and hear each other through the node. Everything is read from the node's
 * diagnostics (the pages' {@code stats} reports), which serves both browsers alike.
 *
 * <p>The steps run in order on one call: everyone decodes everyone; garbage on the media port and on a
 * second WebSocket is dropped and counted while video keeps decoding; one participant leaves and the
 * others go on without it. Join-to-first-frame times go into the test report; the goal figure belongs
 * in benchmarks, not here.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreeParticipantCallIT {
    /** Fixed, because this JVM has a network namespace of its own: no other test can hold the port. */
    static final int MEDIA_PORT = 40000;
    static final Duration CALL_WAIT = Duration.ofSeconds(30);
    static final String CHROMIUM_A = "Chromium A";
    static final String CHROMIUM_B = "Chromium B";
    static final String FIREFOX = "Firefox C";
    static final List<String> EVERYONE = List.of(CHROMIUM_A, CHROMIUM_B, FIREFOX);
    /** The media engine's id of the demo call: signaling names a call {@code server/channel}. */
    static final String CALL_ID = "dev/demo";

    @TempDir
    static Path home;
    static CanalNode node;
    static CallDiagnostics diagnostics;
    static ChromiumBrowser chromiumA;
    static ChromiumBrowser chromiumB;
    static FirefoxBrowser firefox;
    static final Map<String, Long> openedAtNanos = new LinkedHashMap<>();
    static final List<String> report = new ArrayList<>();

    @BeforeAll
    static void startNodeAndBrowsers() throws Exception {
        LoopbackNamespace.require();
        node = CanalNode.start(NodeOptionsLoader.load(true, Optional.empty(), Map.of("CANAL_HOME", home.toString(),
                "CANAL_HTTPS_PORT", "0", "CANAL_MEDIA_PORT", Integer.toString(MEDIA_PORT), "CANAL_P2P_MODE", "off")))
                .await(60, TimeUnit.SECONDS);
        diagnostics = new CallDiagnostics(TestNodes.trusting(node.certificate().orElseThrow()), node.httpsPort(),
                "dev", "demo");
        String link = node.demoJoinLink();
        chromiumA = new ChromiumBrowser();
        chromiumB = new ChromiumBrowser();
        openedAtNanos.put(CHROMIUM_A, System.nanoTime());
        chromiumA.open(named(link, CHROMIUM_A));
        openedAtNanos.put(CHROMIUM_B, System.nanoTime());
        chromiumB.open(named(link, CHROMIUM_B));
        openedAtNanos.put(FIREFOX, System.nanoTime());
        firefox = FirefoxBrowser.open(named(link, FIREFOX), node.certificate().orElseThrow().certificatePem());
    }

    @AfterAll
    static void stopAll() throws Exception {
        report.forEach(System.out::println);
        Path reports = Path.of(System.getProperty("canal.test.reports", "target/failsafe-reports"));
        Files.createDirectories(reports);
        Files.write(reports.resolve(ThreeParticipantCallIT.class.getSimpleName() + "-timings.txt"), report);
        for (AutoCloseable browser : new AutoCloseable[] {chromiumA, chromiumB, firefox}) {
            if (browser != null) {
                browser.close();
            }
        }
        if (node != null) {
            node.close().await(30, TimeUnit.SECONDS);
        }
    }

    /** Display name (as the test opened each browser) to participant id, as each page learned it in joined. */
    static final Map<String, String> ids = new LinkedHashMap<>();

    static String id(String name) {
        return ids.get(name);
    }

    static String name(CallDiagnostics.Session session) {
        return ids.entrySet().stream().filter(e -> e.getValue().equals(session.id())).map(Map.Entry::getKey)
                .findFirst().orElse(session.id());
    }

    /**
     * Chromium pages are asked for their own id; Firefox, driven without WebDriver, is the third session.
     * Diagnostics never carry display names.
     */
    static void learnParticipantIds() {
        for (Map.Entry<String, ChromiumBrowser> browser : Map.of(CHROMIUM_A, chromiumA, CHROMIUM_B, chromiumB).entrySet()) {
            ids.put(browser.getKey(), browser.getValue().participantId(CALL_WAIT));
        }
        ids.put(FIREFOX, await().atMost(CALL_WAIT).until(() -> diagnostics.read().sessions().stream()
                .map(CallDiagnostics.Session::id).filter(i -> !ids.containsValue(i)).findFirst().orElse(null),
                java.util.Objects::nonNull));
    }

    @Test
    @Order(1)
    void everyoneDecodesVideoAndReceivesAudioFromBothOthersThroughTheNode() throws Exception {
        learnParticipantIds();
        Map<String, Long> firstFrameNanos = new LinkedHashMap<>();
        CallDiagnostics.Snapshot call = await().atMost(CALL_WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    CallDiagnostics.Snapshot now = diagnostics.read();
                    for (String name : EVERYONE) {
                        if (!firstFrameNanos.containsKey(name) && decodesVideoFromAllOthers(now, name, EVERYONE)) {
                            firstFrameNanos.put(name, System.nanoTime());
                        }
                    }
                    return now;
                }, now -> EVERYONE.stream().allMatch(name -> receivesEverythingFromAllOthers(now, name, EVERYONE)));

        for (String name : EVERYONE) {
            // From when the later of this participant and its two peers opened the link: a participant who
            // joined first cannot decode the others before they exist.
            long since = EVERYONE.stream().mapToLong(openedAtNanos::get).max().orElseThrow();
            long millis = TimeUnit.NANOSECONDS.toMillis(firstFrameNanos.getOrDefault(name, System.nanoTime()) - since);
            report.add("join-to-first-decoded-frame-from-both-others " + name + " " + millis + " ms"
                    + " (from the last of the three links opened to the first diagnostics poll, every 250 ms,"
                    + " showing frames from both others; pages report stats each second)");
        }

        for (CallDiagnostics.Session session : call.sessions()) {
            assertThat(session.transports()).as("transports of %s", name(session))
                    .extracting(CallDiagnostics.Transport::direction).contains("publish", "subscribe");
            for (CallDiagnostics.Transport transport : session.transports()) {
                assertThat(transport.state()).as("%s %s", name(session), transport.direction()).isEqualTo("connected");
                assertThat(transport.remotePort()).as("the selected pair of %s %s ends at the node's media port",
                        name(session), transport.direction()).isEqualTo(MEDIA_PORT);
                if (!name(session).equals(FIREFOX)) {
                    // Firefox has no RTCTransportStats: Chromium names the negotiated SRTP profile.
                    assertThat(transport.srtpCipher()).as("%s %s", name(session), transport.direction()).isNotBlank();
                    report.add("srtp " + name(session) + " " + transport.direction() + " " + transport.srtpCipher()
                            + " dtls " + transport.dtlsCipher());
                }
            }
        }

        // The node's side of the same: every transport of the call negotiated an SRTP profile (Firefox's too).
        CallStats media = new MediaControl(node.vertx(), node.options().nodeId())
                .send(new MediaCommand.DescribeCall(CALL_ID)).await(10, TimeUnit.SECONDS);
        assertThat(media.transports()).hasSize(2 * EVERYONE.size());
        for (CallStats.TransportStats transport : media.transports()) {
            assertThat(transport.state()).isEqualTo("CONNECTED");
            assertThat(transport.srtpProfile()).as("SRTP profile of %s", transport.transportId()).isNotBlank();
            report.add("node transport " + transport.direction() + " srtp " + transport.srtpProfile());
        }
    }

    @Test
    @Order(2)
    void garbageOnTheMediaPortAndMalformedSignalingAreDroppedAndCountedWhileVideoKeepsDecoding() throws Exception {
        MediaControl media = new MediaControl(node.vertx(), node.options().nodeId());
        long dropsBefore = drops(media);
        CallDiagnostics.Snapshot start = diagnostics.read();

        String nodeUfrag = iceUfrag((String) chromiumA.driver()
                .executeScript("return window.canal.publishPc.remoteDescription.sdp"));
        int sent = GarbageDatagrams.send(MEDIA_PORT, nodeUfrag, 50);

        WebSocketClient client = node.vertx().createWebSocketClient(new WebSocketClientOptions().setSsl(true)
                .setTrustOptions(new PemTrustOptions().addCertValue(
                        Buffer.buffer(node.certificate().orElseThrow().certificatePem()))));
        LinkedBlockingQueue<String> replies = new LinkedBlockingQueue<>();
        WebSocket socket = client.connect(node.httpsPort(), "127.0.0.1", "/ws").await(10, TimeUnit.SECONDS);
        socket.textMessageHandler(replies::add);
        for (String malformed : new String[] {"{not json", "[1,2,3]", "{\"type\":\"no-such-type\"}", "\"join\""}) {
            socket.writeTextMessage(malformed).await(10, TimeUnit.SECONDS);
            String reply = replies.poll(10, TimeUnit.SECONDS);
            assertThat(reply).as("reply to %s", malformed).isNotNull();
            assertThat(new JsonObject(reply).getString("code")).isEqualTo("BAD_MESSAGE");
        }
        assertThat(socket.isClosed()).isFalse();
        socket.close().await(10, TimeUnit.SECONDS);
        client.close().await(10, TimeUnit.SECONDS);

        // Each datagram is dropped and counted once: before it is tied to a transport (node counters) or
        // by the transport its ICE username names (the wrong password).
        await().atMost(Duration.ofSeconds(10)).until(() -> drops(media) - dropsBefore >= sent);
        report.add("garbage datagrams sent " + sent + ", node drops by reason "
                + media.send(new MediaCommand.DescribeNode()).await(10, TimeUnit.SECONDS).drops());

        await().atMost(CALL_WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            CallDiagnostics.Snapshot now = diagnostics.read();
            for (String name : EVERYONE) {
                for (String other : others(name, EVERYONE)) {
                    assertThat(frames(now, name, other)).as("%s decoding %s after the garbage", name, other)
                            .isGreaterThan(frames(start, name, other));
                }
            }
        });
    }

    @Test
    @Order(3)
    void aParticipantWhoLeavesDisappearsAndTheOthersGoOn() throws Exception {
        String leaverId = id(CHROMIUM_B);
        chromiumB.driver().findElement(By.id("leave")).click();
        List<String> stayers = List.of(CHROMIUM_A, FIREFOX);

        await().atMost(CALL_WAIT).until(() -> diagnostics.read().session(id(CHROMIUM_B)).isEmpty());
        await().atMost(CALL_WAIT).untilAsserted(() -> assertThat(chromiumA.driver()
                .findElements(By.id("tile-" + leaverId))).isEmpty());

        // Let reports catch up, then check over a few seconds: nothing more arrives from the leaver,
        // and the two who stayed keep decoding each other.
        Thread.sleep(3000);
        CallDiagnostics.Snapshot first = diagnostics.read();
        Thread.sleep(4000);
        CallDiagnostics.Snapshot second = diagnostics.read();
        for (String name : stayers) {
            CallDiagnostics.Session earlier = first.session(id(name)).orElseThrow();
            CallDiagnostics.Session later = second.session(id(name)).orElseThrow();
            for (String kind : List.of("audio", "video")) {
                long before = earlier.from(leaverId, kind).map(CallDiagnostics.Inbound::packetsReceived).orElse(0L);
                long after = later.from(leaverId, kind).map(CallDiagnostics.Inbound::packetsReceived).orElse(0L);
                assertThat(after).as("%s %s packets from the leaver", name, kind).isLessThanOrEqualTo(before);
            }
            String other = stayers.get(0).equals(name) ? stayers.get(1) : stayers.get(0);
            assertThat(frames(second, name, other)).as("%s still decoding %s", name, other)
                    .isGreaterThan(frames(first, name, other));
        }
    }

    private static boolean decodesVideoFromAllOthers(CallDiagnostics.Snapshot call, String name, List<String> names) {
        return others(name, names).stream().allMatch(other -> frames(call, name, other) > 0);
    }

    private static boolean receivesEverythingFromAllOthers(CallDiagnostics.Snapshot call, String name,
            List<String> names) {
        Optional<CallDiagnostics.Session> session = call.session(id(name));
        if (session.isEmpty()) {
            return false;
        }
        for (String other : others(name, names)) {
            Optional<CallDiagnostics.Session> from = call.session(id(other));
            if (from.isEmpty()) {
                return false;
            }
            Optional<CallDiagnostics.Inbound> video = session.get().from(from.get().id(), "video");
            Optional<CallDiagnostics.Inbound> audio = session.get().from(from.get().id(), "audio");
            if (video.isEmpty() || video.get().framesDecoded() == 0 || video.get().packetsReceived() == 0
                    || audio.isEmpty() || audio.get().packetsReceived() == 0) {
                return false;
            }
        }
        return true;
    }

    /** Video frames {@code name} reported decoded from {@code other}. */
    private static long frames(CallDiagnostics.Snapshot call, String name, String other) {
        Optional<CallDiagnostics.Session> from = call.session(id(other));
        return call.session(id(name)).flatMap(session -> from.flatMap(f -> session.from(f.id(), "video")))
                .map(CallDiagnostics.Inbound::framesDecoded).orElse(0L);
    }

    private static List<String> others(String name, List<String> names) {
        return names.stream().filter(n -> !n.equals(name)).toList();
    }

    /** Datagrams dropped on the node and by the call's transports, all reasons. */
    private static long drops(MediaControl media) throws Exception {
        NodeStats node = media.send(new MediaCommand.DescribeNode()).await(10, TimeUnit.SECONDS);
        CallStats call = media.send(new MediaCommand.DescribeCall(CALL_ID)).await(10, TimeUnit.SECONDS);
        return node.drops().values().stream().mapToLong(Long::longValue).sum() + call.transports().stream()
                .flatMap(t -> t.drops().values().stream()).mapToLong(Long::longValue).sum();
    }

    private static String iceUfrag(String sdp) {
        Matcher ufrag = Pattern.compile("(?m)^a=ice-ufrag:(\\S+)").matcher(sdp);
        assertThat(ufrag.find()).as("node's answer has an ICE ufrag").isTrue();
        return ufrag.group(1);
    }

    private static String named(String link, String name) {
        return link + "&name=" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

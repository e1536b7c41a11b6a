package org.canal.server.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.canal.media.api.CallStats;
import org.canal.media.api.MediaCommand;
import org.canal.media.api.MediaControl;
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
 * A signaling WebSocket cut abruptly mid-call (issue 4, "Sessions that survive the network"): two headless
 * Chromium are in the dev demo call; A's TCP connection to the node is killed from outside with
 * {@code ss -K} (no close frame, no {@code leave}), and A's page resumes its session on a new socket while
 * the media keeps flowing. B never sees A leave.
 *
 * <p>A opens the page at {@code https://127.0.0.2:<port>/} and B at {@code 127.0.0.1}, so that A's
 * connections are exactly the sockets whose remote end is {@code 127.0.0.2:<port>}: the test kills those
 * and none of B's. The node listens on every address of the test's loopback-only namespace for that.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SignalingCutIT {
    /** Fixed, because this JVM has a network namespace of its own (docs/testing.md). */
    static final int MEDIA_PORT = 40010;
    static final Duration CALL_WAIT = Duration.ofSeconds(30);
    /** The node's grace period for a dropped session (docs/signaling.md, Sessions). */
    static final Duration GRACE = Duration.ofSeconds(30);
    static final String CALL_ID = "dev/demo";
    /** A's address for the node: sockets to it are A's and no one else's. */
    static final String ADDRESS_OF_A = "127.0.0.2";

    /** Records the SDK's events on the page, with the status line the page showed when each arrived. */
    static final String RECORD_EVENTS = """
            if (!window.canalEvents) {
              window.canalEvents = [];
              for (const type of ['reconnecting', 'reconnected', 'participantjoined', 'participantleft',
                  'participantreconnecting', 'participantreconnected', 'left', 'error']) {
                window.canal.addEventListener(type, (event) => window.canalEvents.push({
                  type, at: Date.now(), detail: event.detail, status: document.getElementById('status').textContent}));
              }
            }""";

    @TempDir
    static Path home;
    static CanalNode node;
    static CallDiagnostics diagnostics;
    static MediaControl media;
    static ChromiumBrowser chromiumA;
    static ChromiumBrowser chromiumB;
    static String idA;
    static String idB;

    @BeforeAll
    static void startNodeAndBrowsers() throws Exception {
        LoopbackNamespace.require();
        node = CanalNode.start(NodeOptionsLoader.load(true, Optional.empty(), Map.of("CANAL_HOME", home.toString(),
                "CANAL_HTTPS_HOST", "0.0.0.0", "CANAL_HTTPS_PORT", "0",
                "CANAL_MEDIA_PORT", Integer.toString(MEDIA_PORT), "CANAL_P2P_MODE", "off")))
                .await(60, TimeUnit.SECONDS);
        diagnostics = new CallDiagnostics(TestNodes.trusting(node.certificate().orElseThrow()), node.httpsPort(),
                "dev", "demo");
        media = new MediaControl(node.vertx(), node.options().nodeId());
        String link = node.demoJoinLink();
        assertThat(link).startsWith("https://127.0.0.1:" + node.httpsPort() + "/");
        chromiumB = new ChromiumBrowser();
        chromiumB.open(named(link, "Chromium B"));
        chromiumA = new ChromiumBrowser();
        chromiumA.open(named(link.replace("https://127.0.0.1:", "https://" + ADDRESS_OF_A + ":"), "Chromium A"));
        idA = chromiumA.participantId(CALL_WAIT);
        idB = chromiumB.participantId(CALL_WAIT);
        for (ChromiumBrowser browser : List.of(chromiumA, chromiumB)) {
            browser.driver().executeScript(RECORD_EVENTS);
        }
    }

    @AfterAll
    static void stopAll() throws Exception {
        for (AutoCloseable browser : new AutoCloseable[] {chromiumA, chromiumB}) {
            if (browser != null) {
                browser.close();
            }
        }
        if (node != null) {
            node.close().await(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(1)
    void aKilledSignalingConnectionResumesTheSessionAndVideoKeepsDecodingBothWays() throws Exception {
        await().atMost(CALL_WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> diagnostics.read().videoFramesDecoded(idA, idB) > 0 && diagnostics.read().videoFramesDecoded(idB, idA) > 0);
        List<String> transportsBefore = transportIds();
        assertThat(transportsBefore).as("publish and subscribe transports of A and B").hasSize(4);
        assertThat(connectionsTo(ADDRESS_OF_A)).as("A's signaling socket").isNotEmpty();
        CallDiagnostics.Snapshot atCut = diagnostics.read();

        List<String> killed = killConnectionsTo(ADDRESS_OF_A);
        assertThat(killed).as("ss -K killed A's connections").isNotEmpty()
                .allMatch(line -> line.contains(ADDRESS_OF_A + ":" + node.httpsPort()));

        // A's page notices the dead socket, says so, and resumes on a new one.
        JsonArray eventsOfA = await().atMost(CALL_WAIT).until(() -> events(chromiumA),
                events -> types(events).contains("reconnected"));
        assertThat(types(eventsOfA)).as("A's events").containsSubsequence("reconnecting", "reconnected")
                .doesNotContain("error", "left", "participantleft");
        JsonObject reconnecting = eventsOfA.getJsonObject(types(eventsOfA).indexOf("reconnecting"));
        assertThat(reconnecting.getString("status")).isEqualTo("Reconnecting…");
        long resumeMillis = eventsOfA.getJsonObject(types(eventsOfA).indexOf("reconnected")).getLong("at")
                - reconnecting.getLong("at");
        report("reconnecting-to-reconnected " + resumeMillis + " ms (A's page, after ss -K killed its socket;"
                + " the SDK's first resume attempt waits 500 ms)");
        assertThat(chromiumA.driver().executeScript("return window.canal.self.id")).isEqualTo(idA);
        assertThat(chromiumA.driver().executeScript("return window.canal.state")).isEqualTo("joined");
        assertThat(connectionsTo(ADDRESS_OF_A)).as("A's new signaling socket").isNotEmpty();

        // The node kept A's place: the same participant, attached again, the same media transports.
        await().atMost(CALL_WAIT).untilAsserted(() -> {
            JsonObject sessionOfA = rawSession(diagnostics.read(), idA);
            assertThat(sessionOfA.getBoolean("attached")).as("A attached again").isTrue();
        });
        assertThat(diagnostics.read().sessions()).extracting(CallDiagnostics.Session::id)
                .containsExactlyInAnyOrder(idA, idB);
        assertThat(transportIds()).as("media transports after the resume").isEqualTo(transportsBefore);

        // Video keeps decoding both ways, measured over several seconds after the cut.
        CallDiagnostics.Snapshot first = await().atMost(CALL_WAIT).pollInterval(Duration.ofMillis(500))
                .until(diagnostics::read, now -> now.videoFramesDecoded(idA, idB) > atCut.videoFramesDecoded(idA, idB)
                        && now.videoFramesDecoded(idB, idA) > atCut.videoFramesDecoded(idB, idA));
        Thread.sleep(4000);
        CallDiagnostics.Snapshot later = diagnostics.read();
        assertThat(later.videoFramesDecoded(idA, idB)).as("A decoding B").isGreaterThan(first.videoFramesDecoded(idA, idB));
        assertThat(later.videoFramesDecoded(idB, idA)).as("B decoding A").isGreaterThan(first.videoFramesDecoded(idB, idA));

        // B saw no leave-and-join: A stayed in its call all along, reconnecting and then reconnected.
        JsonArray eventsOfB = await().atMost(CALL_WAIT).until(() -> events(chromiumB),
                events -> types(events).contains("participantreconnected"));
        assertThat(types(eventsOfB)).as("B's events (its own socket was left alone)")
                .containsExactly("participantreconnecting", "participantreconnected")
                .doesNotContain("participantleft", "participantjoined", "reconnecting", "error");
        assertThat(eventsOfB.stream().map(JsonObject.class::cast)
                .map(e -> e.getJsonObject("detail").getString("participant")).toList()).containsOnly(idA);
        assertThat(chromiumB.driver().findElements(By.id("tile-" + idA))).as("A's tile on B's page").hasSize(1);
        assertThat(chromiumB.driver().findElement(By.id("tile-" + idA)).getAttribute("class"))
                .as("A's tile on B's page, A reconnected").doesNotContain("reconnecting");
        assertThat(chromiumB.driver().findElements(By.cssSelector("#tile-" + idA + " .reconnecting-label"))).isEmpty();
        assertThat(chromiumA.driver().findElement(By.id("status")).getText()).contains("in the call with 1 other");
    }

    @Test
    @Order(2)
    void aResumeTheNodeRefusesEndsThePageWithAReloadMessageAndTheOthersSeeALeaveAfterTheGrace() throws Exception {
        // A secret of the right shape that is not the session's: the node answers UNKNOWN_SESSION, as it
        // does once the grace period is over.
        chromiumA.driver().executeScript("window.canal.resumeSecret = 'A'.repeat(43)");
        assertThat(killConnectionsTo(ADDRESS_OF_A)).isNotEmpty();

        JsonArray eventsOfA = await().atMost(CALL_WAIT).until(() -> events(chromiumA),
                events -> types(events).contains("error"));
        JsonObject error = eventsOfA.getJsonObject(types(eventsOfA).indexOf("error"));
        assertThat(error.getJsonObject("detail").getString("code")).isEqualTo("RESUME_REFUSED");
        assertThat(chromiumA.driver().executeScript("return window.canal.state")).isEqualTo("ended");
        assertThat(chromiumA.driver().findElement(By.id("error")).getText()).contains("Reload the page");
        assertThat(chromiumA.driver().findElement(By.id("status")).getText()).isEqualTo("Not in the call.");

        // Meanwhile B shows A as reconnecting, not gone.
        await().atMost(CALL_WAIT).until(() -> types(events(chromiumB))
                .lastIndexOf("participantreconnecting") > types(events(chromiumB)).lastIndexOf("participantreconnected"));
        assertThat(chromiumB.driver().findElement(By.id("tile-" + idA)).getAttribute("class")).contains("reconnecting");
        assertThat(chromiumB.driver().findElement(By.cssSelector("#tile-" + idA + " .reconnecting-label")).getText())
                .isEqualTo("reconnecting…");

        // Only the end of the grace period ends A's session for the others.
        await().atMost(GRACE.plus(CALL_WAIT)).pollInterval(Duration.ofSeconds(1))
                .until(() -> types(events(chromiumB)).contains("participantleft"));
        assertThat(diagnostics.read().sessions()).extracting(CallDiagnostics.Session::id).containsExactly(idB);
        await().atMost(CALL_WAIT).untilAsserted(() -> assertThat(chromiumB.driver()
                .findElements(By.id("tile-" + idA))).isEmpty());
    }

    private static void report(String line) throws IOException {
        System.out.println(line);
        Path reports = Path.of(System.getProperty("canal.test.reports", "target/failsafe-reports"));
        Files.createDirectories(reports);
        Files.writeString(reports.resolve(SignalingCutIT.class.getSimpleName() + "-timings.txt"), line + "\n");
    }

    private static JsonArray events(ChromiumBrowser browser) {
        return new JsonArray((String) browser.driver().executeScript("return JSON.stringify(window.canalEvents)"));
    }

    private static List<String> types(JsonArray events) {
        return events.stream().map(JsonObject.class::cast).map(e -> e.getString("type")).toList();
    }

    private static JsonObject rawSession(CallDiagnostics.Snapshot call, String participant) {
        return call.raw().getJsonArray("sessions").stream().map(JsonObject.class::cast)
                .filter(s -> participant.equals(s.getString("participant"))).findFirst().orElseThrow();
    }

    private static List<String> transportIds() throws Exception {
        CallStats call = media.send(new MediaCommand.DescribeCall(CALL_ID)).await(10, TimeUnit.SECONDS);
        return call.transports().stream().map(CallStats.TransportStats::transportId).sorted().toList();
    }

    /** Established TCP connections whose remote end is the node's HTTPS port on {@code address}. */
    private static List<String> connectionsTo(String address) throws IOException, InterruptedException {
        return ss("-t", "-n", "-H", "state", "established", "dst", address, "dport", "=", ":" + node.httpsPort());
    }

    /**
     * Kills those connections from outside, as a network failure would: {@code ss -K} aborts each socket in
     * the kernel (the browser's end gets ECONNABORTED, the node a reset), with no WebSocket close frame.
     */
    private static List<String> killConnectionsTo(String address) throws IOException, InterruptedException {
        return ss("-K", "-t", "-n", "-H", "state", "established", "dst", address, "dport", "=",
                ":" + node.httpsPort());
    }

    private static List<String> ss(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ss"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("%s: %s", command, output).isZero();
        return output.lines().filter(line -> !line.isBlank()).toList();
    }

    private static String named(String link, String name) {
        return link + "&name=" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

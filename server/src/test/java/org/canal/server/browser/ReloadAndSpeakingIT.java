package org.canal.server.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
 * The SDK's speaking events and a reloaded page (issue 4): two headless Chromium in the dev demo call.
 * Chromium's fake microphone beeps, so B's page hears A speak; A muting its microphone stops it and
 * unmuting starts it again. Then A reloads its page: the SDK kept A's session in the tab's
 * sessionStorage and resumes it instead of joining again, so A keeps its participant id and B sees no
 * leave or join.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReloadAndSpeakingIT {
    /** Fixed, because this JVM has a network namespace of its own (docs/testing.md). */
    static final int MEDIA_PORT = 40040;
    static final Duration CALL_WAIT = Duration.ofSeconds(30);

    /** Records the SDK's events on the page (window.canalEvents), for the test to read. */
    static final String RECORD_EVENTS = """
            if (!window.canalEvents) {
              window.canalEvents = [];
              for (const type of ['speaking', 'reconnecting', 'reconnected', 'participantjoined', 'participantleft',
                  'left', 'joined', 'error']) {
                window.canal.addEventListener(type, (event) => window.canalEvents.push({
                  type, at: Date.now(), detail: type === 'joined' ? {} : event.detail}));
              }
            }""";

    @TempDir
    static Path home;
    static CanalNode node;
    static CallDiagnostics diagnostics;
    static ChromiumBrowser chromiumA;
    static ChromiumBrowser chromiumB;
    static String idA;
    static String idB;

    @BeforeAll
    static void startNodeAndBrowsers() throws Exception {
        LoopbackNamespace.require();
        node = CanalNode.start(NodeOptionsLoader.load(true, Optional.empty(), Map.of("CANAL_HOME", home.toString(),
                "CANAL_HTTPS_HOST", "127.0.0.1", "CANAL_HTTPS_PORT", "0",
                "CANAL_MEDIA_PORT", Integer.toString(MEDIA_PORT), "CANAL_P2P_MODE", "off")))
                .await(60, TimeUnit.SECONDS);
        diagnostics = new CallDiagnostics(TestNodes.trusting(node.certificate().orElseThrow()), node.httpsPort(),
                "dev", "demo");
        String link = node.demoJoinLink();
        chromiumB = new ChromiumBrowser();
        chromiumB.open(named(link, "Chromium B"));
        idB = chromiumB.participantId(CALL_WAIT);
        chromiumB.driver().executeScript(RECORD_EVENTS);
        chromiumA = new ChromiumBrowser();
        chromiumA.open(named(link, "Chromium A"));
        idA = chromiumA.participantId(CALL_WAIT);
        chromiumA.driver().executeScript(RECORD_EVENTS);
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
    void theOtherPageHearsTheFakeMicrophoneSpeakAndSilenceWhenItIsMuted() {
        await().atMost(CALL_WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> diagnostics.read().videoFramesDecoded(idA, idB) > 0 && diagnostics.read().videoFramesDecoded(idB, idA) > 0);
        await().atMost(CALL_WAIT).until(() -> speaking(chromiumB, idA), events -> events.contains(true));
        await().atMost(CALL_WAIT).until(() -> chromiumB.driver().findElement(By.id("tile-" + idA))
                .getAttribute("class").contains("speaking"));
        // A's own page hears its microphone too.
        await().atMost(CALL_WAIT).until(() -> speaking(chromiumA, idA), events -> events.contains(true));

        // Muted, A's microphone sends silence: B's page says A stopped, and started again once unmuted.
        chromiumA.driver().executeScript("window.canal.setMicrophoneEnabled(false)");
        await().atMost(CALL_WAIT).until(() -> last(speaking(chromiumB, idA)), Boolean.FALSE::equals);
        assertThat(chromiumB.driver().findElement(By.id("tile-" + idA)).getAttribute("class"))
                .doesNotContain("speaking");
        chromiumA.driver().executeScript("window.canal.setMicrophoneEnabled(true)");
        await().atMost(CALL_WAIT).until(() -> last(speaking(chromiumB, idA)), Boolean.TRUE::equals);
    }

    @Test
    @Order(2)
    void aReloadedPageResumesItsSessionWithTheSameIdAndTheOtherSeesNoLeaveOrJoin() throws Exception {
        assertThat(chromiumA.driver().executeScript("return Object.keys(window.sessionStorage)"))
                .asList().as("A's tab remembers its session").hasSize(1);
        assertThat(chromiumA.driver().executeScript("return window.localStorage.length")).isEqualTo(0L);

        int eventsOfBBefore = events(chromiumB).size();
        chromiumA.driver().navigate().refresh();
        await().atMost(CALL_WAIT).until(() -> (String) chromiumA.driver()
                .executeScript("return window.canal && window.canal.state"), "joined"::equals);
        assertThat(chromiumA.driver().executeScript("return window.canal.self.id")).as("A's id after the reload")
                .isEqualTo(idA);
        chromiumA.driver().executeScript(RECORD_EVENTS);
        await().atMost(CALL_WAIT).untilAsserted(() -> assertThat(rawSession(diagnostics.read(), idA)
                .getBoolean("attached")).as("A attached again").isTrue());
        assertThat(diagnostics.read().sessions()).extracting(CallDiagnostics.Session::id)
                .containsExactlyInAnyOrder(idA, idB);
        assertThat(chromiumA.driver().findElements(By.id("tile-" + idB))).as("B's tile on A's reloaded page")
                .hasSize(1);

        // B saw no leave-and-join, and still has A's tile.
        assertThat(typesAfter(chromiumB, eventsOfBBefore)).as("B's events since A's reload")
                .doesNotContain("participantleft", "participantjoined", "error");
        assertThat(chromiumB.driver().findElements(By.id("tile-" + idA))).hasSize(1);

        // Media on the reloaded page's new PeerConnections, both ways.
        CallDiagnostics.Snapshot atReload = diagnostics.read();
        try {
            await().atMost(CALL_WAIT).pollInterval(Duration.ofMillis(500)).until(() -> framesDecodedOnPage(chromiumA) > 0
                    && diagnostics.read().videoFramesDecoded(idB, idA) > atReload.videoFramesDecoded(idB, idA));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no media after the reload; A's events " + events(chromiumA) + ", A's session "
                    + rawSession(diagnostics.read(), idA) + ", A's error: "
                    + chromiumA.driver().findElement(By.id("error")).getText(), e);
        }
        assertThat(chromiumA.driver().findElement(By.id("error")).isDisplayed()).as("an error on A's page").isFalse();
        await().atMost(CALL_WAIT).untilAsserted(() -> {
            JsonObject sessionOfA = rawSession(diagnostics.read(), idA);
            assertThat(sessionOfA.getJsonObject("publish").getString("state")).isEqualTo("CONNECTED");
            assertThat(sessionOfA.getJsonObject("subscribe").getString("state")).isEqualTo("CONNECTED");
        });
        assertThat(typesAfter(chromiumB, eventsOfBBefore)).doesNotContain("participantleft", "participantjoined", "error");
    }

    private static List<Boolean> speaking(ChromiumBrowser browser, String participant) {
        return events(browser).stream().map(JsonObject.class::cast).filter(e -> "speaking".equals(e.getString("type")))
                .map(e -> e.getJsonObject("detail")).filter(d -> participant.equals(d.getString("participant")))
                .map(d -> d.getBoolean("speaking")).toList();
    }

    private static Boolean last(List<Boolean> events) {
        return events.isEmpty() ? null : events.get(events.size() - 1);
    }

    private static List<String> typesAfter(ChromiumBrowser browser, int from) {
        List<String> all = types(events(browser));
        return all.subList(from, all.size());
    }

    /** Video frames the page's current subscribe connection decoded (the diagnostics may hold an older report). */
    private static long framesDecodedOnPage(ChromiumBrowser browser) {
        Object frames = browser.driver().executeScript("""
                return window.canal.collectStats().then((r) => r.inbound.filter((i) => i.kind === 'video')
                    .reduce((sum, i) => sum + i.framesDecoded, 0));""");
        return ((Number) frames).longValue();
    }

    private static JsonArray events(ChromiumBrowser browser) {
        return new JsonArray((String) browser.driver().executeScript("return JSON.stringify(window.canalEvents || [])"));
    }

    private static List<String> types(JsonArray events) {
        return events.stream().map(JsonObject.class::cast).map(e -> e.getString("type")).toList();
    }

    private static JsonObject rawSession(CallDiagnostics.Snapshot call, String participant) {
        return call.raw().getJsonArray("sessions").stream().map(JsonObject.class::cast)
                .filter(s -> participant.equals(s.getString("participant"))).findFirst().orElseThrow();
    }

    private static String named(String link, String name) {
        return link + "&name=" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

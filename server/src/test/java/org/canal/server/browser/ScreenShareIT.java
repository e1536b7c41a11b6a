package org.canal.server.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;

/**
 * Screen share (issue 4, "screen share reaches the others"): the sharer's page publishes a display capture
 * (getDisplayMedia, Chromium's fake capture) as a second video section on its publish connection by
 * renegotiating it; the other Chromium receives and decodes a second video track from the sharer, shown in a
 * tile of its own, and loses it again when the sharer stops. The sharer's SDK declares its sections' sources
 * (docs/signaling.md, "Track sources"): the viewer's page gets a {@code track} event of source {@code screen}
 * for the screen and shows it in the screen tile, the camera ({@code camera}) in the participant's tile, and
 * a {@code trackended} of source {@code screen} when the share stops. Last, the viewer closes its tab: its SDK's
 * {@code unloading} hint makes the node end its session after the short unload grace.
 */
class ScreenShareIT {
    /** Fixed, because this JVM has a network namespace of its own (docs/testing.md). */
    static final int MEDIA_PORT = 40030;
    static final Duration CALL_WAIT = Duration.ofSeconds(30);
    static final List<String> SHARER = List.of("join", "publish:audio", "publish:video", "publish:screen", "subscribe");
    static final List<String> VIEWER = List.of("join", "publish:audio", "publish:video", "subscribe");

    @TempDir
    static Path home;
    static CanalNode node;
    static CallDiagnostics diagnostics;
    static ChromiumBrowser sharer;
    static ChromiumBrowser viewer;

    @BeforeAll
    static void startNodeAndBrowsers() throws Exception {
        LoopbackNamespace.require();
        node = CanalNode.start(NodeOptionsLoader.load(true, Optional.empty(), Map.of("CANAL_HOME", home.toString(),
                "CANAL_HTTPS_HOST", "127.0.0.1", "CANAL_HTTPS_PORT", "0",
                "CANAL_MEDIA_PORT", Integer.toString(MEDIA_PORT), "CANAL_P2P_MODE", "off")))
                .await(60, TimeUnit.SECONDS);
        diagnostics = new CallDiagnostics(TestNodes.trusting(node.certificate().orElseThrow()), node.httpsPort(),
                "dev", "demo");
        sharer = new ChromiumBrowser();
        sharer.open(link("sharer", SHARER, "Sharer"));
        viewer = new ChromiumBrowser();
        viewer.open(link("viewer", VIEWER, "Viewer"));
    }

    @AfterAll
    static void stopAll() throws Exception {
        for (AutoCloseable browser : new AutoCloseable[] {sharer, viewer}) {
            if (browser != null) {
                browser.close();
            }
        }
        if (node != null) {
            node.close().await(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aSharedScreenReachesTheOtherAsASecondVideoTrackAndGoesAwayWhenStopped() throws Exception {
        String idSharer = sharer.participantId(CALL_WAIT);
        String idViewer = viewer.participantId(CALL_WAIT);
        await().atMost(CALL_WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> videoDecodes(idViewer, idSharer).size() == 1 && videoDecodes(idViewer, idSharer).get(0) > 0);
        assertThat(viewer.driver().findElement(By.id("screen")).isDisplayed()).as("no screen grant, no button").isFalse();
        // the camera, declared by the sharer's SDK, is shown as such in the sharer's tile
        await().atMost(CALL_WAIT).until(() -> "camera".equals(viewer.driver().executeScript(
                "const v = document.querySelector('#tile-' + arguments[0] + ' video'); return v && v.dataset.source",
                idSharer)));
        // from now on, the viewer's page records the SDK's track events
        viewer.driver().executeScript("window.trackEvents = [];"
                + " for (const type of ['track', 'trackended']) { window.canal.addEventListener(type, (e) =>"
                + " window.trackEvents.push(type + ' ' + e.detail.participant + ' ' + e.detail.kind + ' ' + e.detail.source)); }");

        WebElement share = sharer.driver().findElement(By.id("screen"));
        share.click(); // getDisplayMedia needs this user gesture
        await().atMost(CALL_WAIT).until(() -> "true".equals(share.getAttribute("aria-pressed")));
        assertThat(sharer.driver().executeScript("return window.canal.sharingScreen")).isEqualTo(true);
        assertThat(sharer.driver().executeScript("return window.canal.publishPc.getTransceivers()"
                + ".filter((t) => t.sender.track && t.sender.track.kind === 'video').length")).isEqualTo(2L);

        // The viewer decodes two video tracks from the sharer, the second in its own tile.
        await().atMost(CALL_WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> videoDecodes(idViewer, idSharer), decodes -> decodes.size() == 2
                        && decodes.stream().allMatch(frames -> frames > 0));
        List<Long> first = videoDecodes(idViewer, idSharer);
        await().atMost(CALL_WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> videoDecodes(idViewer, idSharer), now -> now.size() == 2
                        && now.get(0) > first.get(0) + 10 && now.get(1) > first.get(1) + 10);
        await().atMost(CALL_WAIT).until(() -> !viewer.driver().findElements(By.id("screen-" + idSharer)).isEmpty());
        await().atMost(CALL_WAIT).until(() -> ((Number) viewer.driver().executeScript(
                "const v = document.querySelector('#screen-' + arguments[0] + ' video');"
                        + " return v && v.srcObject ? v.videoWidth : 0", idSharer)).longValue() > 0);
        assertThat(trackEvents()).as("the viewer's track events since the share").contains(
                "track " + idSharer + " video screen").doesNotContain("track " + idSharer + " video camera");
        assertThat(viewer.driver().executeScript("return document.querySelector('#screen-' + arguments[0] + ' video')"
                + ".dataset.source", idSharer)).isEqualTo("screen");
        assertThat(viewer.driver().executeScript("return document.querySelector('#tile-' + arguments[0] + ' video')"
                + ".dataset.source", idSharer)).as("the camera stays in the participant's tile").isEqualTo("camera");
        // the node holds the sharer's sections by source
        assertThat(diagnostics.read().raw().getJsonArray("sessions").stream().map(io.vertx.core.json.JsonObject.class::cast)
                .filter(session -> session.getString("participant").equals(idSharer)).findFirst().orElseThrow()
                .getJsonObject("publish").getJsonArray("tracks").stream().map(io.vertx.core.json.JsonObject.class::cast)
                .map(t -> t.getString("source")).toList()).containsExactly("microphone", "camera", "screen");

        // Stopped: the viewer's second track goes away, the camera keeps decoding.
        share.click();
        await().atMost(CALL_WAIT).until(() -> "false".equals(share.getAttribute("aria-pressed")));
        await().atMost(CALL_WAIT).until(() -> viewer.driver().findElements(By.id("screen-" + idSharer)).isEmpty());
        assertThat(trackEvents()).contains("trackended " + idSharer + " video screen")
                .doesNotContain("trackended " + idSharer + " video camera");
        await().atMost(CALL_WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> videoDecodes(idViewer, idSharer).size() == 1);
        long camera = videoDecodes(idViewer, idSharer).get(0);
        await().atMost(CALL_WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> videoDecodes(idViewer, idSharer).get(0) > camera + 10);

        // The viewer closes its tab (another tab keeps the browser running): its SDK sends `unloading` on
        // pagehide, so the sharer sees it leave after the node's unload grace (10 s), long before the 30 s
        // resume grace would have ended.
        sharer.driver().executeScript("window.leftEvents = [];"
                + " window.canal.addEventListener('participantleft', (e) => window.leftEvents.push(e.detail.participant));");
        String callTab = viewer.driver().getWindowHandle();
        String otherTab = viewer.driver().switchTo().newWindow(WindowType.TAB).getWindowHandle();
        viewer.driver().switchTo().window(callTab).close();
        viewer.driver().switchTo().window(otherTab);
        await().atMost(Duration.ofSeconds(22)).pollInterval(Duration.ofMillis(250)).until(() -> ((List<?>) sharer
                .driver().executeScript("return window.leftEvents")).contains(idViewer));
    }

    /** The viewer page's track and trackended events since the test started recording them: "type participant kind source". */
    @SuppressWarnings("unchecked")
    private static List<String> trackEvents() {
        return (List<String>) viewer.driver().executeScript("return window.trackEvents");
    }

    /** Frames decoded per active video track {@code receiver} reported from {@code sender}, in report order. */
    private static List<Long> videoDecodes(String receiver, String sender) throws Exception {
        return diagnostics.read().session(receiver).map(s -> s.inbound().stream()
                .filter(i -> i.from().equals(sender) && i.kind().equals("video"))
                .map(CallDiagnostics.Inbound::framesDecoded).toList()).orElse(List.of());
    }

    private static String link(String user, List<String> grants, String name) {
        String token = node.tokens().join(user, "dev", "demo", grants, Duration.ofMinutes(30));
        return "https://127.0.0.1:" + node.httpsPort() + "/#token=" + token + "&name="
                + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

}

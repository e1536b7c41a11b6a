package org.canal.server.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import org.canal.server.CanalNode;
import org.canal.server.NodeOptionsLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * P2P for two, SFU for three (issue 5, docs/p2p.md), with two headless Chromium that stay on their pages
 * throughout and a third that joins and leaves. Two people in the call connect browser to browser: each
 * selected candidate pair joins the two browsers' own ports and the node's media engine carries no
 * packet. The third moves the call to the node (make-before-break), and its leaving moves the two back.
 * At each switch the longest gap between increments of each remote participant's decoded video frames,
 * sampled every 100 ms in the page over all its connections, is printed and written to
 * {@code target/failsafe-reports/P2pCallIT-interruptions.txt}; only a generous bound is asserted (the
 * 2 s goal is a figure in docs/p2p.md, not a test).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class P2pCallIT {
    /** Fixed, because this JVM has a network namespace of its own (docs/testing.md); 40080-40089 are this test's. */
    static final int MEDIA_PORT = 40080;
    static final Duration CALL_WAIT = Duration.ofSeconds(30);
    /** A generous bound on the interruption at a switch; the goal (2 s) is reported, not asserted. */
    static final long GAP_BOUND_MS = 10_000;

    @TempDir
    static Path home;
    static CanalNode node;
    static ChromiumBrowser chromiumA;
    static ChromiumBrowser chromiumB;
    static ChromiumBrowser chromiumC;
    static String idA;
    static String idB;
    static String idC;
    static final List<String> report = new ArrayList<>();

    @BeforeAll
    static void startNodeAndTwoBrowsers() throws Exception {
        LoopbackNamespace.require();
        node = CanalNode.start(NodeOptionsLoader.load(true, Optional.empty(), Map.of("CANAL_HOME", home.toString(),
                "CANAL_HTTPS_HOST", "127.0.0.1", "CANAL_HTTPS_PORT", "0",
                "CANAL_MEDIA_PORT", Integer.toString(MEDIA_PORT), "CANAL_P2P_MODE", "direct")))
                .await(60, TimeUnit.SECONDS);
        String link = node.demoJoinLink();
        chromiumA = new ChromiumBrowser();
        chromiumA.open(named(link, "Chromium A"));
        idA = chromiumA.participantId(CALL_WAIT);
        chromiumB = new ChromiumBrowser();
        chromiumB.open(named(link, "Chromium B"));
        idB = chromiumB.participantId(CALL_WAIT);
        for (ChromiumBrowser page : List.of(chromiumA, chromiumB)) {
            // A mark that a reload would lose: the two must switch paths on the pages they opened.
            page.driver().executeScript("window.p2pItPage = 'first load'");
            P2pPages.startSampling(page);
        }
    }

    @AfterAll
    static void stopAll() throws Exception {
        report.forEach(System.out::println);
        Path reports = Path.of(System.getProperty("canal.test.reports", "target/failsafe-reports"));
        Files.createDirectories(reports);
        Files.write(reports.resolve(P2pCallIT.class.getSimpleName() + "-interruptions.txt"), report);
        for (AutoCloseable browser : new AutoCloseable[] {chromiumA, chromiumB, chromiumC}) {
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
    void twoParticipantsDecodeEachOtherBrowserToBrowserAndTheNodeCarriesNothing() throws Exception {
        awaitDirect("two people");
        await().atMost(CALL_WAIT).pollInterval(Duration.ofMillis(250)).until(() ->
                P2pPages.framesFrom(chromiumA, idB) > 0 && P2pPages.framesFrom(chromiumB, idA) > 0);
        assertThat(P2pPages.hasSfuConnections(chromiumA)).as("A's SFU connections").isFalse();
        assertThat(P2pPages.hasSfuConnections(chromiumB)).as("B's SFU connections").isFalse();

        // Over a few seconds of media, the node's transports of the call (if any) carry no packet.
        long framesBefore = P2pPages.framesFrom(chromiumA, idB);
        Thread.sleep(3000);
        assertThat(P2pPages.framesFrom(chromiumA, idB)).as("A still decoding B").isGreaterThan(framesBefore);
        assertThat(P2pPages.nodePackets(node)).as("RTP packets through the node in a two-person call").isZero();
        report.add("two-person call: A and B direct, node RTP packets 0, node transports "
                + P2pPages.nodeTransportStates(node));
    }

    @Test
    @Order(2)
    void aScreenSharedOverP2pShowsInItsOwnTileAndGoesAwayWhenStopped() {
        WebElement share = chromiumA.driver().findElement(By.id("screen"));
        share.click(); // getDisplayMedia needs this user gesture
        await().atMost(CALL_WAIT).until(() -> "true".equals(share.getAttribute("aria-pressed")));
        // The screen renegotiates the P2P connection (perfect negotiation) and shows in B's screen tile.
        await().atMost(CALL_WAIT).until(() -> ((Number) chromiumB.driver().executeScript(
                "const v = document.querySelector('#screen-' + arguments[0] + ' video');"
                        + " return v && v.srcObject ? v.videoWidth : 0", idA)).longValue() > 0);
        assertThat(chromiumB.driver().executeScript("return document.querySelector('#screen-' + arguments[0] + ' video')"
                + ".dataset.source", idA)).isEqualTo("screen");
        assertThat(chromiumB.driver().executeScript("return document.querySelector('#tile-' + arguments[0] + ' video')"
                + ".dataset.source", idA)).as("the camera stays in A's tile").isEqualTo("camera");
        assertThat(P2pPages.hasSfuConnections(chromiumA)).as("still no SFU connection").isFalse();

        share.click();
        await().atMost(CALL_WAIT).until(() -> "false".equals(share.getAttribute("aria-pressed")));
        await().atMost(CALL_WAIT).until(() -> chromiumB.driver().findElements(By.id("screen-" + idA)).isEmpty());
        long frames = P2pPages.framesFrom(chromiumB, idA);
        await().atMost(CALL_WAIT).until(() -> P2pPages.framesFrom(chromiumB, idA) > frames);
    }

    @Test
    @Order(3)
    void aThirdParticipantMovesTheCallToTheNodeWithoutAReload() throws Exception {
        resetGaps();
        chromiumC = new ChromiumBrowser();
        chromiumC.open(named(node.demoJoinLink(), "Chromium C"));
        idC = chromiumC.participantId(CALL_WAIT);
        P2pPages.startSampling(chromiumC);

        Map<ChromiumBrowser, List<String>> everyone = Map.of(chromiumA, List.of(idB, idC), chromiumB, List.of(idA, idC),
                chromiumC, List.of(idA, idB));
        Map<ChromiumBrowser, Map<String, Long>> start = Map.of(chromiumA, Map.of(idB, P2pPages.framesFrom(chromiumA, idB)),
                chromiumB, Map.of(idA, P2pPages.framesFrom(chromiumB, idA)));
        try {
            await().atMost(CALL_WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
                for (Map.Entry<ChromiumBrowser, List<String>> page : everyone.entrySet()) {
                    for (String other : page.getValue()) {
                        long before = start.getOrDefault(page.getKey(), Map.of()).getOrDefault(other, 0L);
                        if (P2pPages.framesFrom(page.getKey(), other) <= before) {
                            return false;
                        }
                    }
                    // Everyone's subscribe connection ends at the node; the P2P connection is gone.
                    Optional<P2pPages.Pair> pair = P2pPages.subscribePair(page.getKey());
                    if (pair.isEmpty() || !pair.get().connected() || pair.get().remotePort() != MEDIA_PORT
                            || P2pPages.p2pPair(page.getKey()).isPresent()) {
                        return false;
                    }
                }
                return true;
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("three did not all decode each other through the node: modes A "
                    + P2pPages.mode(chromiumA) + ", B " + P2pPages.mode(chromiumB) + ", C " + P2pPages.mode(chromiumC)
                    + "; errors A '" + errorText(chromiumA) + "', B '" + errorText(chromiumB) + "'", e);
        }
        // Decoding through the node a while, so that a late stall would show in the gaps.
        Thread.sleep(3000);
        for (ChromiumBrowser page : List.of(chromiumA, chromiumB)) {
            assertThat(page.driver().executeScript("return window.p2pItPage")).as("the page was not reloaded")
                    .isEqualTo("first load");
        }
        assertThat(chromiumA.participantId(CALL_WAIT)).isEqualTo(idA);
        assertThat(chromiumB.participantId(CALL_WAIT)).isEqualTo(idB);
        assertThat(P2pPages.nodePackets(node)).as("RTP through the node with three").isPositive();
        assertGapsReported("P2P -> SFU (third joins)");
        assertTileShowsLiveVideo("P2P -> SFU");
    }

    @Test
    @Order(4)
    void whenTheThirdLeavesTheTwoGoDirectAgain() throws Exception {
        resetGaps();
        chromiumC.driver().findElement(By.id("leave")).click();
        awaitDirect("back to two");
        await().atMost(CALL_WAIT).until(() -> !P2pPages.hasSfuConnections(chromiumA)
                && !P2pPages.hasSfuConnections(chromiumB));
        long framesBefore = P2pPages.framesFrom(chromiumA, idB);
        long packetsBefore = P2pPages.nodePackets(node);
        Thread.sleep(3000);
        assertThat(P2pPages.framesFrom(chromiumA, idB)).as("A decoding B directly").isGreaterThan(framesBefore);
        assertThat(P2pPages.nodePackets(node)).as("RTP packets through the node once back to P2P")
                .isEqualTo(packetsBefore);
        assertGapsReported("SFU -> P2P (third left)");
        assertTileShowsLiveVideo("SFU -> P2P");
    }

    /** A's and B's P2P connections are up, and each one's selected pair joins the two browsers' own ports. */
    private static void awaitDirect(String when) {
        try {
            await().atMost(CALL_WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
                Optional<P2pPages.Pair> a = P2pPages.p2pPair(chromiumA);
                Optional<P2pPages.Pair> b = P2pPages.p2pPair(chromiumB);
                return a.isPresent() && b.isPresent() && a.get().connected() && b.get().connected();
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(when + ": no P2P connection; modes A " + P2pPages.mode(chromiumA) + ", B "
                    + P2pPages.mode(chromiumB) + "; errors A '" + errorText(chromiumA) + "', B '"
                    + errorText(chromiumB) + "'", e);
        }
        P2pPages.Pair a = P2pPages.p2pPair(chromiumA).orElseThrow();
        P2pPages.Pair b = P2pPages.p2pPair(chromiumB).orElseThrow();
        assertThat(List.of(a.localPort(), a.remotePort(), b.localPort(), b.remotePort()))
                .as("%s: no end of either selected pair is the node's media port", when).doesNotContain(MEDIA_PORT);
        assertThat(a.remotePort()).as("%s: A's pair ends at B's own port", when).isEqualTo(b.localPort());
        assertThat(b.remotePort()).as("%s: B's pair ends at A's own port", when).isEqualTo(a.localPort());
        report.add(when + ": A " + a.localType() + "->" + a.remoteType() + ", B " + b.localType() + "->" + b.remoteType()
                + " (browser to browser, not the node's port " + MEDIA_PORT + ")");
    }

    /**
     * The peer's tile survived the switch on both pages and plays the new path's video: a live track
     * from the path that carries the call now ({@code p2p} mids start with "p2p"), with a picture.
     */
    private static void assertTileShowsLiveVideo(String step) {
        boolean p2p = step.endsWith("P2P");
        for (Map.Entry<ChromiumBrowser, String> page : Map.of(chromiumA, idB, chromiumB, idA).entrySet()) {
            await().atMost(CALL_WAIT).untilAsserted(() -> {
                Map<?, ?> tile = (Map<?, ?>) page.getKey().driver().executeScript("""
                        const tile = document.getElementById('tile-' + arguments[0]);
                        if (!tile) { return null; }
                        const v = tile.querySelector('video');
                        const tracks = v.srcObject ? v.srcObject.getVideoTracks() : [];
                        return { mid: tile.dataset.videoMid || '', live: tracks.length === 1 && tracks[0].readyState === 'live',
                          width: v.videoWidth };""", page.getValue());
                assertThat(tile).as("%s: the peer's tile", step).isNotNull();
                assertThat(tile.get("live")).as("%s: the tile's video track is live", step).isEqualTo(true);
                assertThat(((Number) tile.get("width")).intValue()).as("%s: the tile shows a picture", step).isPositive();
                assertThat(((String) tile.get("mid")).startsWith("p2p")).as("%s: the tile's track comes from the %s path",
                        step, p2p ? "P2P" : "SFU").isEqualTo(p2p);
            });
        }
    }

    private static void resetGaps() {
        P2pPages.resetGaps(chromiumA);
        P2pPages.resetGaps(chromiumB);
    }

    /** Prints A's gap for B and B's for A since the reset, and holds them to the generous bound. */
    private static void assertGapsReported(String step) {
        long gapAB = P2pPages.longestGap(chromiumA, idB);
        long gapBA = P2pPages.longestGap(chromiumB, idA);
        report.add("interruption " + step + ": longest gap between framesDecoded increments, sampled every 100 ms:"
                + " A decoding B " + gapAB + " ms, B decoding A " + gapBA + " ms");
        report.add("  A: " + P2pPages.gapContext(chromiumA, idB));
        report.add("  B: " + P2pPages.gapContext(chromiumB, idA));
        assertThat(gapAB).as("%s: A's longest gap decoding B", step).isLessThan(GAP_BOUND_MS);
        assertThat(gapBA).as("%s: B's longest gap decoding A", step).isLessThan(GAP_BOUND_MS);
    }

    private static String errorText(ChromiumBrowser page) {
        return page.driver().findElement(By.id("error")).getText();
    }

    private static String named(String link, String name) {
        return link + "&name=" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

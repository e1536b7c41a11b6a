package org.canal.server.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.canal.server.CanalNode;
import org.canal.server.NodeOptionsLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * P2P when things go wrong (issue 5, docs/p2p.md), each test with a node of its own on media port
 * {@value #MEDIA_PORT} and two headless Chromium:
 * <ul>
 *   <li>a page reloaded during a direct P2P call (the offerer's, then the answerer's) takes its session
 *       back (same participant id, the other sees no leave) and the two are again browser to browser in a
 *       new, completed P2P epoch, decoding each other, with no RTP through the node;</li>
 *   <li>a P2P attempt that cannot connect ({@code relay} policy, and the TURN URL the node hands out
 *       points at a port where no TURN server listens) falls back to the SFU after
 *       {@code p2p.switchTimeout}: both decode each other through the node's media port, the pages say
 *       {@code sfu}, and the call stays there while nobody joins or leaves.</li>
 * </ul>
 */
class P2pRobustnessIT {
    /** Fixed, because this JVM has a network namespace of its own (docs/testing.md); this test's media port. */
    static final int MEDIA_PORT = 40082;
    /** Where nothing listens: the fallback test's "TURN server" (40091-40092 are this test's; no coturn runs). */
    static final int DEAD_TURN_PORT = 40092;
    static final Duration SWITCH_TIMEOUT = Duration.ofSeconds(5);
    static final Duration CALL_WAIT = Duration.ofSeconds(30);
    /** How long the fallback must hold with unchanged membership (the return delay is 3 s). */
    static final Duration NO_FLAP_WATCH = Duration.ofSeconds(10);

    /** The SDK's mediamode events on the page (window.mediaModes), for the test to read. */
    static final String RECORD_MEDIA_MODES = """
            if (!window.mediaModes) {
              window.mediaModes = [];
              window.canal.addEventListener('mediamode', (e) => window.mediaModes.push(e.detail));
            }""";

    private Path home;
    private CanalNode node;
    private final List<ChromiumBrowser> browsers = new ArrayList<>();

    @BeforeAll
    static void requireNamespace() {
        LoopbackNamespace.require();
    }

    @AfterEach
    void stopAll() throws Exception {
        try {
            for (ChromiumBrowser browser : browsers) {
                browser.close();
            }
            browsers.clear();
            if (node != null) {
                node.close().await(30, TimeUnit.SECONDS);
                node = null;
            }
        } finally {
            if (home != null) {
                TempDirs.delete(home);
                home = null;
            }
        }
    }

    @Test
    void aPageReloadedDuringADirectP2pCallResumesAndIsDirectAgainEitherSide() throws Exception {
        startNode(Map.of("CANAL_P2P_MODE", "direct"));
        ChromiumBrowser a = browser("Chromium A");
        String idA = a.participantId(CALL_WAIT);
        ChromiumBrowser b = browser("Chromium B");
        String idB = b.participantId(CALL_WAIT);
        awaitDirectAndDecoding(a, idA, b, idB, 0, 0, "before the reloads");
        assertThat(P2pPages.nodePackets(node)).as("RTP through the node before the reloads").isZero();
        for (ChromiumBrowser page : List.of(a, b)) {
            page.driver().executeScript(ReloadAndSpeakingIT.RECORD_EVENTS);
        }

        // A reloads (it is the offerer, the impolite side), then B (the answerer, polite).
        reloadAndAwaitDirectAgain(a, idA, "A", b, idB, "B");
        reloadAndAwaitDirectAgain(b, idB, "B", a, idA, "A");
    }

    /**
     * Reloads {@code reloaded}'s page and checks that it takes its session back and that, within a
     * generous wait, the two are in a new, completed P2P epoch, browser to browser, decoding each other,
     * with no RTP through the node, while {@code other} saw no leave or join.
     */
    private void reloadAndAwaitDirectAgain(ChromiumBrowser reloaded, String idReloaded, String name,
            ChromiumBrowser other, String idOther, String otherName) throws Exception {
        int eventsOfOther = types(other).size();
        long epochBefore = epoch(other);
        long framesOfOther = P2pPages.framesFrom(other, idReloaded);
        String when = "after " + name + "'s reload";

        long reloadedAt = System.nanoTime();
        reloaded.driver().navigate().refresh();
        await().atMost(CALL_WAIT).until(() -> (String) reloaded.driver()
                .executeScript("return window.canal && window.canal.state"), "joined"::equals);
        assertThat(reloaded.driver().executeScript("return window.canal.self.id")).as("%s's id %s", name, when)
                .isEqualTo(idReloaded);
        reloaded.driver().executeScript(RECORD_MEDIA_MODES);
        reloaded.driver().executeScript(ReloadAndSpeakingIT.RECORD_EVENTS);
        P2pPages.startSampling(reloaded);

        // Within a generous wait: a new P2P epoch, connected browser to browser, media both ways again.
        awaitDirectAndDecoding(reloaded, idReloaded, other, idOther, framesOfOther + 30, epochBefore + 1, when);
        System.out.println("direct again, decoding both ways, "
                + Duration.ofNanos(System.nanoTime() - reloadedAt).toMillis() + " ms after " + name
                + "'s reload started");
        // The node completed the new epoch (both sent mediaReady): no fallback to the SFU is pending.
        try {
            await().atMost(CALL_WAIT).until(() -> P2pPages.mode(reloaded).equals("p2p:" + idOther + ":switched")
                    && P2pPages.mode(other).equals("p2p:" + idReloaded + ":switched"));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(when + ": the new P2P epoch did not complete; " + state(reloaded, name) + "; "
                    + state(other, otherName), e);
        }
        long epochAfter = epoch(other);
        assertThat(epoch(reloaded)).as("%s: both pages in the same epoch", when).isEqualTo(epochAfter);
        assertThat(epochAfter).as("%s: a new P2P epoch (a new connection)", when).isGreaterThan(epochBefore);
        assertThat(P2pPages.hasSfuConnections(reloaded)).as("%s: %s's SFU connections", when, name).isFalse();
        assertThat(P2pPages.hasSfuConnections(other)).as("%s: %s's SFU connections", when, otherName).isFalse();

        // A few seconds more of media, in the same epoch, and still nothing through the node.
        long frames = P2pPages.framesFrom(reloaded, idOther);
        Thread.sleep(3000);
        assertThat(epoch(reloaded)).as("%s: %s's epoch a few seconds later", when, name).isEqualTo(epochAfter);
        assertThat(epoch(other)).as("%s: %s's epoch a few seconds later", when, otherName).isEqualTo(epochAfter);
        assertThat(P2pPages.framesFrom(reloaded, idOther)).as("%s: %s still decoding", when, name).isGreaterThan(frames);
        assertThat(P2pPages.nodePackets(node)).as("%s: RTP through the node", when).isZero();
        List<String> events = types(other);
        assertThat(events.subList(eventsOfOther, events.size())).as("%s: %s's events since", when, otherName)
                .doesNotContain("participantleft", "participantjoined", "error");
    }

    @Test
    void aP2pAttemptThatCannotConnectFallsBackToTheSfuAndStaysThere() throws Exception {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        // relay only, through a TURN server that is not there: the browsers gather no candidate at all
        startNode(Map.of("CANAL_P2P_MODE", "relay",
                "CANAL_TURN_URLS", "turn:127.0.0.1:" + DEAD_TURN_PORT + "?transport=udp",
                "CANAL_TURN_SECRET", Base64.getUrlEncoder().withoutPadding().encodeToString(random),
                "CANAL_P2P_SWITCH_TIMEOUT", SWITCH_TIMEOUT.toSeconds() + "s"));
        ChromiumBrowser a = browser("Chromium A");
        String idA = a.participantId(CALL_WAIT);
        ChromiumBrowser b = browser("Chromium B");
        String idB = b.participantId(CALL_WAIT);
        for (ChromiumBrowser page : List.of(a, b)) {
            page.driver().executeScript(RECORD_MEDIA_MODES);
        }

        long bJoinedAt = System.nanoTime();
        Duration wait = SWITCH_TIMEOUT.plus(CALL_WAIT);
        try {
            await().atMost(wait).pollInterval(Duration.ofMillis(250)).until(() ->
                    throughNode(a) && throughNode(b)
                    && P2pPages.framesFrom(a, idB) > 0 && P2pPages.framesFrom(b, idA) > 0
                    && P2pPages.mode(a).equals("sfu:switched") && P2pPages.mode(b).equals("sfu:switched"));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no fallback to the SFU: " + state(a, "A") + "; " + state(b, "B"), e);
        }
        System.out.println("fallback: on the SFU, decoding both ways, " + Duration.ofNanos(System.nanoTime() - bJoinedAt)
                .toMillis() + " ms after B joined (switch timeout " + SWITCH_TIMEOUT.toMillis() + " ms); A's mediamode "
                + mediaModes(a) + ", B's " + mediaModes(b));
        // A was in the call when B joined: it saw the P2P attempt start (B joined into it, before its recorder).
        assertThat(mediaModes(a).stream().map(JsonObject.class::cast).filter(m -> "p2p".equals(m.getString("mode")))
                .map(m -> m.getString("peer"))).as("A's P2P attempt with B").contains(idB);
        for (ChromiumBrowser page : List.of(a, b)) {
            JsonArray modes = mediaModes(page);
            assertThat(modes).as("mediamode events").isNotEmpty();
            JsonObject last = modes.getJsonObject(modes.size() - 1);
            assertThat(last.getString("mode")).as("the page's last mediamode").isEqualTo("sfu");
            assertThat(last.getBoolean("switched")).isTrue();
            assertThat(page.driver().executeScript("return window.canal.p2p.pc === null")).as("P2P connection closed")
                    .isEqualTo(true);
        }
        assertThat(P2pPages.nodePackets(node)).as("RTP through the node").isPositive();

        // No flapping: with nobody joining or leaving, the call stays on the SFU and media keeps flowing.
        long epochA = epoch(a);
        long epochB = epoch(b);
        int modesA = mediaModes(a).size();
        int modesB = mediaModes(b).size();
        long framesAB = P2pPages.framesFrom(a, idB);
        long framesBA = P2pPages.framesFrom(b, idA);
        long until = System.nanoTime() + NO_FLAP_WATCH.toNanos();
        while (System.nanoTime() < until) {
            Thread.sleep(500);
            assertThat(P2pPages.mode(a)).as("A's media mode while membership is unchanged").isEqualTo("sfu:switched");
            assertThat(P2pPages.mode(b)).as("B's media mode while membership is unchanged").isEqualTo("sfu:switched");
        }
        assertThat(epoch(a)).as("A's epoch").isEqualTo(epochA);
        assertThat(epoch(b)).as("B's epoch").isEqualTo(epochB);
        assertThat(mediaModes(a)).as("A's mediamode events during the watch").hasSize(modesA);
        assertThat(mediaModes(b)).as("B's mediamode events during the watch").hasSize(modesB);
        assertThat(throughNode(a) && throughNode(b)).as("both still through the node's media port").isTrue();
        assertThat(P2pPages.framesFrom(a, idB)).as("A still decoding B").isGreaterThan(framesAB);
        assertThat(P2pPages.framesFrom(b, idA)).as("B still decoding A").isGreaterThan(framesBA);
    }

    private void startNode(Map<String, String> p2p) throws Exception {
        home = Files.createTempDirectory("canal-p2p-robust");
        Map<String, String> env = new HashMap<>(Map.of("CANAL_HOME", home.toString(),
                "CANAL_HTTPS_HOST", "127.0.0.1", "CANAL_HTTPS_PORT", "0",
                "CANAL_MEDIA_PORT", Integer.toString(MEDIA_PORT)));
        env.putAll(p2p);
        node = CanalNode.start(NodeOptionsLoader.load(true, Optional.empty(), env)).await(60, TimeUnit.SECONDS);
    }

    private ChromiumBrowser browser(String name) throws Exception {
        ChromiumBrowser browser = new ChromiumBrowser();
        browsers.add(browser);
        browser.open(node.demoJoinLink() + "&name="
                + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
        browser.participantId(CALL_WAIT);
        browser.driver().executeScript(RECORD_MEDIA_MODES);
        P2pPages.startSampling(browser); // its mediamode log goes into a failure's message
        return browser;
    }

    /**
     * Both P2P connections connected, their selected pairs joining the two browsers' own ports (never
     * the node's media port), page {@code b} in P2P epoch {@code minEpochB} or later, and each page
     * decoding the other: {@code a} anything, {@code b} more than {@code framesOfBAbove} (over all its
     * connections, closed ones too).
     */
    private void awaitDirectAndDecoding(ChromiumBrowser a, String idA, ChromiumBrowser b, String idB,
            long framesOfBAbove, long minEpochB, String when) {
        try {
            await().atMost(CALL_WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
                Optional<P2pPages.Pair> pa = P2pPages.p2pPair(a);
                Optional<P2pPages.Pair> pb = P2pPages.p2pPair(b);
                return epoch(b) >= minEpochB
                        && pa.filter(P2pPages.Pair::connected).isPresent()
                        && pb.filter(P2pPages.Pair::connected).isPresent()
                        && pa.get().remotePort() == pb.get().localPort() && pb.get().remotePort() == pa.get().localPort()
                        && P2pPages.framesFrom(a, idB) > 0 && P2pPages.framesFrom(b, idA) > framesOfBAbove;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(when + ": not direct and decoding both ways; " + state(a, "A") + "; "
                    + state(b, "B"), e);
        }
        P2pPages.Pair pa = P2pPages.p2pPair(a).orElseThrow();
        P2pPages.Pair pb = P2pPages.p2pPair(b).orElseThrow();
        assertThat(List.of(pa.localPort(), pa.remotePort(), pb.localPort(), pb.remotePort()))
                .as("%s: no end of either selected pair is the node's media port", when).doesNotContain(MEDIA_PORT);
        System.out.println(when + ": A " + pa + ", B " + pb);
    }

    /** The page's subscribe connection is connected through the node's media port. */
    private static boolean throughNode(ChromiumBrowser page) {
        return P2pPages.subscribePair(page).filter(p -> p.connected() && p.remotePort() == MEDIA_PORT).isPresent();
    }

    private static long epoch(ChromiumBrowser page) {
        return ((Number) page.driver().executeScript("return window.canal.p2p.epoch ? window.canal.p2p.epoch.epoch : 0"))
                .longValue();
    }

    private static JsonArray mediaModes(ChromiumBrowser page) {
        return new JsonArray((String) page.driver().executeScript("return JSON.stringify(window.mediaModes || [])"));
    }

    private static List<String> types(ChromiumBrowser page) {
        return new JsonArray((String) page.driver().executeScript("return JSON.stringify(window.canalEvents || [])"))
                .stream().map(JsonObject.class::cast).map(e -> e.getString("type")).toList();
    }

    /** What a failure's message shows of a page: its mode, mediamode log, pairs and error line. */
    private static String state(ChromiumBrowser page, String name) {
        return name + ": mode " + P2pPages.mode(page) + ", mediamode " + mediaModes(page) + ", P2P pair "
                + P2pPages.p2pPair(page) + ", subscribe pair " + P2pPages.subscribePair(page) + ", error '"
                + page.driver().findElement(By.id("error")).getText() + "'";
    }
}

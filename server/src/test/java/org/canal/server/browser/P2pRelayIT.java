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
import org.canal.server.turn.CoturnProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * P2P through TURN only (issue 5; docs/p2p.md, "Privacy"): under the {@code relay} policy two Chromium
 * use {@code iceTransportPolicy: "relay"} with the node's short-lived coturn credentials, so each
 * selected candidate pair is relay to relay (neither browser learns the other's address) and video
 * decodes both ways, with no packet through the node's media engine. Debian's coturn runs on
 * 127.0.0.1:{@value #TURN_PORT}, relaying on {@value #MIN_RELAY_PORT}-{@value #MAX_RELAY_PORT} only
 * ({@link CoturnProcess}: a secret made for this run, kept in a file only this user can read).
 */
class P2pRelayIT {
    /** Fixed, because this JVM has a network namespace of its own (docs/testing.md); 40080-40089 are the P2P tests'. */
    static final int MEDIA_PORT = 40081;
    static final int TURN_PORT = 40090;
    static final int MIN_RELAY_PORT = 40200;
    static final int MAX_RELAY_PORT = 40299;
    static final Duration CALL_WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path home;
    static CoturnProcess coturn;
    static CanalNode node;
    static ChromiumBrowser chromiumA;
    static ChromiumBrowser chromiumB;

    @BeforeAll
    static void startCoturnNodeAndBrowsers() throws Exception {
        LoopbackNamespace.require();
        coturn = CoturnProcess.start(TURN_PORT, MIN_RELAY_PORT, MAX_RELAY_PORT);
        node = CanalNode.start(NodeOptionsLoader.load(true, Optional.empty(), Map.of("CANAL_HOME", home.toString(),
                "CANAL_HTTPS_HOST", "127.0.0.1", "CANAL_HTTPS_PORT", "0",
                "CANAL_MEDIA_PORT", Integer.toString(MEDIA_PORT), "CANAL_P2P_MODE", "relay",
                "CANAL_TURN_URLS", coturn.turnUrl(), "CANAL_TURN_SECRET", coturn.secret())))
                .await(60, TimeUnit.SECONDS);
        String link = node.demoJoinLink();
        chromiumA = new ChromiumBrowser();
        chromiumA.open(named(link, "Chromium A"));
        chromiumA.participantId(CALL_WAIT);
        P2pPages.startSampling(chromiumA); // records the page's mediamode events for a failure's message
        chromiumB = new ChromiumBrowser();
        chromiumB.open(named(link, "Chromium B"));
        chromiumB.participantId(CALL_WAIT);
        P2pPages.startSampling(chromiumB);
    }

    @AfterAll
    static void stopAll() throws Exception {
        try {
            for (AutoCloseable browser : new AutoCloseable[] {chromiumA, chromiumB}) {
                if (browser != null) {
                    browser.close();
                }
            }
            if (node != null) {
                node.close().await(30, TimeUnit.SECONDS);
            }
        } finally {
            if (coturn != null) {
                coturn.close();
            }
        }
    }

    @Test
    void bothSelectedPairsAreRelayToRelayAndVideoDecodes() throws Exception {
        String idA = chromiumA.participantId(CALL_WAIT);
        String idB = chromiumB.participantId(CALL_WAIT);
        try {
            await().atMost(CALL_WAIT).pollInterval(Duration.ofMillis(250)).until(() ->
                    P2pPages.p2pPair(chromiumA).filter(P2pPages.Pair::connected).isPresent()
                    && P2pPages.p2pPair(chromiumB).filter(P2pPages.Pair::connected).isPresent()
                    && P2pPages.framesFrom(chromiumA, idB) > 0 && P2pPages.framesFrom(chromiumB, idA) > 0);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no relayed P2P media: modes A " + P2pPages.mode(chromiumA) + ", B "
                    + P2pPages.mode(chromiumB) + "; A " + P2pPages.gapContext(chromiumA, idB) + "; A's ICE servers "
                    + chromiumA.driver().executeScript("return JSON.stringify(window.canal.iceServers.map((s) => s.urls))")
                    + "; errors A '" + chromiumA.driver().findElement(By.id("error")).getText()
                    + "'; coturn's log:\n" + coturn.logText(), e);
        }
        for (ChromiumBrowser page : List.of(chromiumA, chromiumB)) {
            P2pPages.Pair pair = P2pPages.p2pPair(page).orElseThrow();
            assertThat(pair.localType()).as("local candidate of the selected pair").isEqualTo("relay");
            assertThat(pair.remoteType()).as("remote candidate of the selected pair").isEqualTo("relay");
            assertThat(pair.localPort()).isBetween(MIN_RELAY_PORT, MAX_RELAY_PORT);
            assertThat(pair.remotePort()).isBetween(MIN_RELAY_PORT, MAX_RELAY_PORT);
            System.out.println("relay P2P pair: " + pair);
        }
        assertThat(P2pPages.nodePackets(node)).as("RTP through the node's media engine").isZero();
    }

    private static String named(String link, String name) {
        return link + "&name=" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

package org.canal.server.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.canal.server.CanalNode;
import org.canal.server.NodeOptions;
import org.canal.server.NodeOptionsLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * Proves the browser test infrastructure before any call runs: inside the loopback-only namespace,
 * headless Chromium (Selenium) and headless Firefox ESR (no driver) open the dev node's HTTPS page
 * with its self-signed certificate, load the client module under the node's CSP, open the fake
 * camera and microphone, and connect a pair of RTCPeerConnections over 127.0.0.1 only, decoding
 * each other's media. Results come back through the node.
 */
class BrowserInfrastructureIT {
    private static final Duration REPORT_WAIT = Duration.ofSeconds(90);

    @TempDir
    static Path home;
    static CanalNode node;
    static final ProbeResults results = new ProbeResults();

    @BeforeAll
    static void startNode() throws Exception {
        LoopbackNamespace.require();
        NodeOptions options = NodeOptionsLoader.load(true, Optional.empty(),
                Map.of("CANAL_HOME", home.toString(), "CANAL_HTTPS_PORT", "0"));
        node = CanalNode.start(options, results::mount).await(60, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (node != null) {
            node.close().await(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void runsInALoopbackOnlyNamespace() {
        assertThat(LoopbackNamespace.interfaces()).containsExactly("lo");
    }

    @Test
    void chromiumOpensTheNodesPageAndConnectsOnLoopback() throws Exception {
        try (ChromiumBrowser chromium = new ChromiumBrowser()) {
            // The call page itself runs under the CSP: without a join link it says so.
            chromium.open(origin() + "/");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    chromium.driver().findElement(By.id("error")).getText()).contains("needs a join link"));

            chromium.open(origin() + "/it/probe.html#chromium");
            JsonObject result = awaitReport("chromium");
            assertProbe(result);
            assertThat(result.getString("userAgent")).contains("Chrome/");
            // Chromium also names the SRTP profile it negotiated with itself.
            assertThat(result.getString("srtpCipher")).isNotBlank();
        }
    }

    @Test
    void firefoxOpensTheNodesPageAndConnectsOnLoopback() throws Exception {
        FirefoxBrowser firefox = FirefoxBrowser.open(origin() + "/it/probe.html#firefox",
                node.certificate().orElseThrow().certificatePem());
        try {
            JsonObject result;
            try {
                result = awaitReport("firefox");
            } catch (AssertionError e) {
                throw new AssertionError("Firefox reported nothing; its log:\n" + firefox.log(), e);
            }
            assertProbe(result);
            assertThat(result.getString("userAgent")).contains("Firefox/");
        } finally {
            firefox.close();
        }
    }

    private static JsonObject awaitReport(String browser) {
        return await().atMost(REPORT_WAIT).pollInterval(Duration.ofMillis(250))
                .until(() -> results.of(browser), Optional::isPresent).orElseThrow();
    }

    private static void assertProbe(JsonObject result) {
        assertThat(result.getString("error")).as("error in the page").isNull();
        assertThat(result.getBoolean("sdkLoaded")).as("/sdk/canal.js loaded as a module").isTrue();
        assertThat(strings(result, "tracks")).containsExactly("audio", "video");
        assertThat(result.getString("connectionState")).isEqualTo("connected");
        assertThat(result.getJsonObject("selectedPair").getString("local")).isEqualTo("127.0.0.1");
        assertThat(result.getJsonObject("selectedPair").getString("remote")).isEqualTo("127.0.0.1");
        assertThat(strings(result, "candidateAddresses")).containsOnly("127.0.0.1");
        JsonObject video = inbound(result, "video");
        JsonObject audio = inbound(result, "audio");
        assertThat(video.getLong("framesDecoded")).isPositive();
        assertThat(video.getLong("packetsReceived")).isPositive();
        assertThat(audio.getLong("packetsReceived")).isPositive();
    }

    private static java.util.List<String> strings(JsonObject result, String key) {
        return result.getJsonArray(key).stream().map(String::valueOf).toList();
    }

    private static JsonObject inbound(JsonObject result, String kind) {
        return result.getJsonArray("inbound").stream().map(JsonObject.class::cast)
                .filter(s -> kind.equals(s.getString("kind"))).findFirst()
                .orElseThrow(() -> new AssertionError("no inbound " + kind + " in " + result.encode()));
    }

    private static String origin() {
        return "https://127.0.0.1:" + node.httpsPort();
    }
}

package org.canal.server.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import org.openqa.selenium.WebElement;

/**
 * Moderation through the demo page (issue 4, "Participation restrictions"; docs/moderation.md): a moderator's
 * headless Chromium (a token with the {@code moderate} grant) and participant B's are in a call; the moderator
 * uses the page's buttons (Selenium clicks) to make B a listener, to remove B, and to lock the call.
 *
 * <p>Tokens are minted with the node's own {@link CanalNode#tokens()} for fixed user ids, so that B's reload
 * comes back as the same user (a dev invite would give it a fresh guest id). The refusals' codes are read from
 * the node's audit log, which records every join the policy refuses.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModerationIT {
    /** Fixed, because this JVM has a network namespace of its own (docs/testing.md). */
    static final int MEDIA_PORT = 40020;
    static final Duration CALL_WAIT = Duration.ofSeconds(30);
    static final Duration TOKEN_TTL = Duration.ofMinutes(30);
    static final String SERVER = "dev";
    static final String CHANNEL = "demo";
    static final List<String> PARTICIPANT = List.of("join", "publish:audio", "publish:video", "subscribe");
    static final List<String> MODERATOR = List.of("join", "publish:audio", "publish:video", "subscribe", "moderate");
    static final String KICKED_TEXT = "A moderator removed you from this call.";
    static final String LOCKED_TEXT = "This call is locked";

    /** Inbound RTP packets on the page's subscribe connection, summed over every receiver. */
    static final String PACKETS_RECEIVED = """
            const pc = window.canal && window.canal.subscribePc;
            if (!pc) { return 0; }
            return pc.getStats().then((stats) => {
              let packets = 0;
              stats.forEach((s) => { if (s.type === 'inbound-rtp') { packets += s.packetsReceived || 0; } });
              return packets;
            });""";

    @TempDir
    static Path home;
    static CanalNode node;
    static CallDiagnostics diagnostics;
    static ChromiumBrowser moderator;
    static ChromiumBrowser chromiumB;
    static ChromiumBrowser chromiumC;
    static String idModerator;
    static String idB;

    @BeforeAll
    static void startNodeAndBrowsers() throws Exception {
        LoopbackNamespace.require();
        node = CanalNode.start(NodeOptionsLoader.load(true, Optional.empty(), Map.of("CANAL_HOME", home.toString(),
                "CANAL_HTTPS_HOST", "127.0.0.1", "CANAL_HTTPS_PORT", "0",
                "CANAL_MEDIA_PORT", Integer.toString(MEDIA_PORT), "CANAL_P2P_MODE", "off")))
                .await(60, TimeUnit.SECONDS);
        diagnostics = new CallDiagnostics(TestNodes.trusting(node.certificate().orElseThrow()), node.httpsPort(),
                SERVER, CHANNEL);
        moderator = new ChromiumBrowser();
        moderator.open(link("mod-1", MODERATOR, "Moderator"));
        chromiumB = new ChromiumBrowser();
        chromiumB.open(link("user-b", PARTICIPANT, "Chromium B"));
        idModerator = moderator.participantId(CALL_WAIT);
        idB = chromiumB.participantId(CALL_WAIT);
        assertThat(idModerator).isEqualTo("mod-1");
        assertThat(idB).isEqualTo("user-b");
    }

    @AfterAll
    static void stopAll() throws Exception {
        for (AutoCloseable browser : new AutoCloseable[] {moderator, chromiumB, chromiumC}) {
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
    void pageControlsMuteTheOwnTracksAndShowModeratorButtonsOnlyToTheModerator() throws Exception {
        await().atMost(CALL_WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> diagnostics.read().videoFramesDecoded(idModerator, idB) > 0
                        && diagnostics.read().videoFramesDecoded(idB, idModerator) > 0);
        // The participant list holds both, on both pages; the moderator's buttons are on the moderator's page only.
        for (ChromiumBrowser browser : List.of(moderator, chromiumB)) {
            await().atMost(CALL_WAIT).until(() -> browser.driver().findElements(By.cssSelector("#participants li"))
                    .size() == 2);
        }
        assertThat(moderator.driver().findElement(By.id("listen-" + idB)).isDisplayed()).isTrue();
        assertThat(moderator.driver().findElement(By.id("kick-" + idB)).isDisplayed()).isTrue();
        assertThat(moderator.driver().findElement(By.id("lock")).isDisplayed()).isTrue();
        assertThat(chromiumB.driver().findElements(By.id("kick-" + idModerator))).isEmpty();
        assertThat(chromiumB.driver().findElement(By.id("lock")).isDisplayed()).isFalse();

        // Own microphone and camera: the button toggles track.enabled and says so with aria-pressed.
        WebElement microphone = moderator.driver().findElement(By.id("microphone"));
        microphone.click();
        assertThat(microphone.getAttribute("aria-pressed")).isEqualTo("true");
        assertThat(localEnabled(moderator, "audio")).isFalse();
        microphone.click();
        assertThat(microphone.getAttribute("aria-pressed")).isEqualTo("false");
        assertThat(localEnabled(moderator, "audio")).isTrue();
        WebElement camera = moderator.driver().findElement(By.id("camera"));
        camera.click();
        assertThat(camera.getAttribute("aria-pressed")).isEqualTo("true");
        assertThat(localEnabled(moderator, "video")).isFalse();
        camera.click();
        assertThat(localEnabled(moderator, "video")).isTrue();

        // A moderator's mute request: B's page turns its microphone off and shows it.
        moderator.driver().findElement(By.id("mute-" + idB)).click();
        await().atMost(CALL_WAIT).until(() -> "true".equals(chromiumB.driver().findElement(By.id("microphone"))
                .getAttribute("aria-pressed")));
        assertThat(localEnabled(chromiumB, "audio")).isFalse();
        assertThat(chromiumB.driver().findElement(By.id("status")).getText()).contains("muted your microphone");
    }

    @Test
    @Order(2)
    void aListenerStopsPublishingAndNothingOfItsReachesTheModeratorWhileItStillReceives() throws Exception {
        long before = packetsReceived(moderator);
        Thread.sleep(3000);
        assertThat(packetsReceived(moderator)).as("the moderator receives B's packets").isGreaterThan(before);

        moderator.driver().findElement(By.id("listen-" + idB)).click();

        await().atMost(CALL_WAIT).until(() -> Boolean.TRUE.equals(chromiumB.driver()
                .executeScript("return window.canal.publishPc === null && window.canal.grants.publish.length === 0")));
        assertThat(chromiumB.driver().findElement(By.id("microphone")).isEnabled()).isFalse();
        assertThat(chromiumB.driver().findElement(By.id("status")).getText()).contains("made you a listener");
        await().atMost(CALL_WAIT).until(() -> "true".equals(moderator.driver().findElement(By.id("listen-" + idB))
                .getAttribute("aria-pressed")));

        // B's packets stop reaching the moderator: a 3 s window without a new one, then another.
        await().atMost(CALL_WAIT).pollDelay(Duration.ZERO).until(() -> {
            long start = packetsReceived(moderator);
            Thread.sleep(3000);
            return packetsReceived(moderator) == start;
        });
        long stopped = packetsReceived(moderator);
        Thread.sleep(3000);
        assertThat(packetsReceived(moderator)).as("packets from listener B").isEqualTo(stopped);

        // B still decodes the moderator's video.
        long decodedByB = diagnostics.read().videoFramesDecoded(idB, idModerator);
        await().atMost(CALL_WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> diagnostics.read().videoFramesDecoded(idB, idModerator) > decodedByB + 25);
    }

    @Test
    @Order(3)
    void aKickedParticipantIsShownTheMessageLeavesTheCallAndItsReloadIsRefused() throws Exception {
        moderator.driver().findElement(By.id("kick-" + idB)).click();

        await().atMost(CALL_WAIT).until(() -> chromiumB.driver().findElement(By.id("error")).getText(),
                text -> text.contains(KICKED_TEXT));
        assertThat(chromiumB.driver().executeScript("return window.canal.state")).isEqualTo("ended");
        assertThat(chromiumB.driver().findElement(By.id("controls")).isDisplayed()).isFalse();
        await().atMost(CALL_WAIT).until(() -> sessionIds(), ids -> ids.equals(List.of(idModerator)));
        await().atMost(CALL_WAIT).until(() -> moderator.driver().findElements(By.id("person-" + idB)).isEmpty()
                && moderator.driver().findElements(By.id("tile-" + idB)).isEmpty());

        // B reloads its link: the same user id is kept out until the call empties.
        chromiumB.driver().navigate().refresh();
        await().atMost(CALL_WAIT).until(() -> Boolean.TRUE.equals(chromiumB.driver()
                .executeScript("return Boolean(window.canal) && window.canal.state === 'ended'")));
        assertThat(chromiumB.driver().findElement(By.id("error")).getText()).contains(KICKED_TEXT);
        await().atMost(CALL_WAIT).until(() -> auditRecords("join", "user-b"), records -> records.stream()
                .anyMatch(r -> "KICKED".equals(r.getString("result"))));
        assertThat(auditRecords("kick", "user-b")).singleElement()
                .satisfies(r -> assertThat(r.getString("actor")).isEqualTo(idModerator));
        assertThat(sessionIds()).containsExactly(idModerator);
    }

    @Test
    @Order(4)
    void aLockedCallRefusesAFreshLinkUntilTheModeratorUnlocksIt() throws Exception {
        WebElement lock = moderator.driver().findElement(By.id("lock"));
        lock.click();
        await().atMost(CALL_WAIT).until(() -> "true".equals(lock.getAttribute("aria-pressed")));

        chromiumC = new ChromiumBrowser();
        chromiumC.open(link("user-c", PARTICIPANT, "Chromium C"));
        await().atMost(CALL_WAIT).until(() -> chromiumC.driver().findElement(By.id("error")).getText(),
                text -> text.contains(LOCKED_TEXT));
        assertThat(chromiumC.driver().executeScript("return window.canal.state")).isEqualTo("ended");
        assertThat(auditRecords("join", "user-c")).singleElement()
                .satisfies(r -> assertThat(r.getString("result")).isEqualTo("CHANNEL_LOCKED"));
        Thread.sleep(3000);
        assertThat(sessionIds()).as("C never joined").containsExactly(idModerator);

        // Unlocked, the same link joins.
        lock.click();
        await().atMost(CALL_WAIT).until(() -> "false".equals(lock.getAttribute("aria-pressed")));
        chromiumC.driver().navigate().refresh();
        await().atMost(CALL_WAIT).until(() -> sessionIds(), ids -> ids.contains("user-c"));
    }

    private static String link(String user, List<String> grants, String name) {
        String token = node.tokens().join(user, SERVER, CHANNEL, grants, TOKEN_TTL);
        return "https://127.0.0.1:" + node.httpsPort() + "/#token=" + token + "&name="
                + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static boolean localEnabled(ChromiumBrowser browser, String kind) {
        return Boolean.TRUE.equals(browser.driver().executeScript(
                "return window.canal.stream.getTracks().find((t) => t.kind === arguments[0]).enabled", kind));
    }

    private static long packetsReceived(ChromiumBrowser browser) {
        return ((Number) browser.driver().executeScript(PACKETS_RECEIVED)).longValue();
    }

    private static List<String> sessionIds() throws Exception {
        return diagnostics.read().sessions().stream().map(CallDiagnostics.Session::id).toList();
    }

    /** The audit log's records of {@code action} on {@code target} (docs/moderation.md, Audit log). */
    private static List<JsonObject> auditRecords(String action, String target) throws Exception {
        Path file = node.options().auditFile().orElseThrow();
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file).stream().filter(line -> !line.isBlank()).map(JsonObject::new)
                .filter(r -> action.equals(r.getString("action")) && target.equals(r.getString("target"))).toList();
    }
}

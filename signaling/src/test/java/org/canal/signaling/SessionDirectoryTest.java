package org.canal.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two signaling nodes (each with its real media engine) share one session directory, as two nodes of a
 * cluster share Hazelcast's: each session is written down with the hash of its resume secret and its
 * node; a resume sent to the node that does not host it is refused with {@code SESSION_ON_OTHER_NODE}
 * naming the right node (a wrong secret stays {@code UNKNOWN_SESSION}); every way a session ends
 * removes its entry.
 */
@ExtendWith(VertxExtension.class)
class SessionDirectoryTest {
    private final SessionDirectory directory = SessionDirectory.inMemory();
    private SignalingNode a;
    private SignalingNode b;

    @AfterEach
    void stop() throws Exception {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    private void start(Vertx vertx, Duration grace) throws Exception {
        a = SignalingNode.start(vertx, SignalingNode.defaultOptions("node-a").withResumeGrace(grace), directory);
        b = SignalingNode.start(vertx, SignalingNode.defaultOptions("node-b").withResumeGrace(grace), directory);
    }

    @Test
    void aSessionIsWrittenDownWithTheHashOfItsSecretAndItsNode(Vertx vertx) throws Exception {
        start(vertx, Duration.ofSeconds(30));
        WsClient ana = a.client();
        JsonObject joined = a.joinInvite(ana, "written", "Ana");
        SessionDirectory.Entry entry = entry(joined);
        assertThat(entry).isNotNull();
        assertThat(entry.nodeId()).isEqualTo("node-a");
        assertThat(entry.callKey()).isEqualTo("srv/written");
        assertThat(entry.participantId()).isEqualTo(joined.getJsonObject("self").getString("id"));
        assertThat(entry.resumeHash()).isEqualTo(sha256Hex(joined.getString("resume")))
                .doesNotContain(joined.getString("resume"));
        assertThat(entry.toString()).as("no name in the directory").doesNotContain("Ana");
        ana.close();
    }

    @Test
    void aResumeSentToTheOtherNodeNamesTheNodeThatHostsTheSession(Vertx vertx) throws Exception {
        start(vertx, Duration.ofSeconds(30));
        WsClient ana = a.client();
        JsonObject joined = a.joinInvite(ana, "elsewhere", "Ana");
        awaitEntry(joined);
        ana.drop();

        WsClient atB = b.client();
        atB.send(resume("r1", joined, joined.getString("resume")));
        JsonObject refused = atB.error(ErrorCode.SESSION_ON_OTHER_NODE);
        assertThat(refused.getString("node")).isEqualTo("node-a");
        assertThat(refused.getString("id")).isEqualTo("r1");
        assertThat(atB.awaitClosed()).isTrue();

        WsClient guessing = b.client();
        guessing.send(resume("r2", joined, Ids.random(32)));
        JsonObject unknown = guessing.error(ErrorCode.UNKNOWN_SESSION);
        assertThat(unknown.containsKey("node")).as("a wrong secret learns no node").isFalse();
        assertThat(guessing.awaitClosed()).isTrue();

        WsClient atA = a.client();
        atA.send(resume("r3", joined, joined.getString("resume")));
        JsonObject resumed = atA.next("joined");
        assertThat(resumed.getString("session")).isEqualTo(joined.getString("session"));
        assertThat(entry(joined)).as("a resume keeps the entry").isNotNull();
        atA.close();
    }

    @Test
    void leaveReplaceAndKickRemoveTheEntry(Vertx vertx) throws Exception {
        start(vertx, Duration.ofSeconds(30));
        WsClient ana = a.client();
        JsonObject left = a.joinInvite(ana, "ends", "Ana");
        awaitEntry(left);
        ana.send(new JsonObject().put("type", "leave").put("id", "l"));
        ana.next("left");
        awaitGone(left);
        WsClient late = b.client();
        late.send(resume("r", left, left.getString("resume")));
        late.error(ErrorCode.UNKNOWN_SESSION);

        WsClient first = a.client();
        JsonObject replaced = Moderators.join(a, first, "bo", "ends", "Bo", Grants.PARTICIPANT);
        awaitEntry(replaced);
        WsClient second = a.client();
        JsonObject replacing = Moderators.join(a, second, "bo", "ends", "Bo", Grants.PARTICIPANT);
        awaitGone(replaced);
        awaitEntry(replacing);

        WsClient mo = a.client();
        JsonObject moJoined = Moderators.join(a, mo, "mo", "ends", "Mo", Moderators.MODERATOR);
        assertThat(moJoined.getJsonArray("participants").getJsonObject(0).getString("id"))
                .as("the replacing session is in the call a newcomer joins").isEqualTo("bo");
        mo.send(Moderators.moderate("k", "kick", "bo"));
        mo.next("moderated");
        awaitGone(replacing);
        mo.close();
        first.close();
        second.close();
    }

    @Test
    void theEndOfTheGracePeriodRemovesTheEntryButADroppedSocketDoesNot(Vertx vertx) throws Exception {
        start(vertx, Duration.ofSeconds(2));
        WsClient ana = a.client();
        JsonObject joined = a.joinInvite(ana, "grace", "Ana");
        awaitEntry(joined);
        ana.drop();
        Thread.sleep(500);
        assertThat(entry(joined)).as("kept while the session may be resumed").isNotNull();
        awaitGone(joined);
    }

    @Test
    void shutdownRemovesTheNodesEntries(Vertx vertx) throws Exception {
        start(vertx, Duration.ofSeconds(30));
        WsClient ana = a.client();
        JsonObject joined = a.joinInvite(ana, "shutdown", "Ana");
        WsClient bo = b.client();
        JsonObject atB = b.joinInvite(bo, "shutdown", "Bo");
        awaitEntry(joined);
        awaitEntry(atB);
        a.close();
        a = null;
        assertThat(entry(joined)).as("gone once close completed").isNull();
        assertThat(entry(atB)).as("the other node's session stays").isNotNull();
        bo.close();
    }

    private SessionDirectory.Entry entry(JsonObject joined) throws Exception {
        return SignalingNode.await(directory.lookup(joined.getString("session")));
    }

    private void awaitEntry(JsonObject joined) {
        await().atMost(Duration.ofSeconds(WsClient.WAIT_SECONDS)).until(() -> entry(joined) != null);
    }

    private void awaitGone(JsonObject joined) {
        await().atMost(Duration.ofSeconds(WsClient.WAIT_SECONDS)).until(() -> entry(joined) == null);
    }

    private static JsonObject resume(String id, JsonObject joined, String secret) {
        return new JsonObject().put("type", "resume").put("id", id).put("session", joined.getString("session"))
                .put("resume", secret);
    }

    static String sha256Hex(String secret) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    }
}

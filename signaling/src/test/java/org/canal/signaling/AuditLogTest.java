package org.canal.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log file: one JSON line per moderation request and per join the policy refused, with
 * time, action, call, actor, target and result, and nothing that identifies a person beyond the
 * platform's opaque ids: no address, no display name, no token, no session secret.
 */
@ExtendWith(VertxExtension.class)
class AuditLogTest {
    private static final String NAME_MARKER = "Display-Name-Marker";
    private static final Set<String> FIELDS = Set.of("time", "action", "call", "actor", "target", "result", "value");

    private SignalingNode node;

    @AfterEach
    void stop() throws Exception {
        node.close();
    }

    @Test
    void everyModerationRequestAndPolicyRefusalIsOneLineWithOpaqueIdsOnly(Vertx vertx, @TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.jsonl");
        node = SignalingNode.start(vertx, SignalingNode.defaultOptions("node-audit").withAuditFile(file));
        List<String> secrets = new ArrayList<>();
        WsClient mo = node.client();
        secrets.add(Moderators.token(node, "mo", "a", Moderators.MODERATOR, false));
        mo.send(SignalingNode.join(secrets.get(0), "Mo " + NAME_MARKER));
        JsonObject moJoined = mo.next("joined");
        WsClient ana = node.client();
        JsonObject anaJoined = Moderators.join(node, ana, "ana", "a", "Ana " + NAME_MARKER, Grants.PARTICIPANT);
        mo.next("participantJoined");
        secrets.add(moJoined.getString("session"));
        secrets.add(moJoined.getString("resume"));
        secrets.add(anaJoined.getString("resume"));

        ana.send(Moderators.moderate("x", "lock"));
        ana.error(ErrorCode.NOT_ALLOWED);
        act(mo, Moderators.moderate("1", "lock"), "channelPolicy");
        refusedJoin("cy", false, ErrorCode.CHANNEL_LOCKED, secrets);
        act(mo, Moderators.moderate("2", "unlock"), "channelPolicy");
        act(mo, Moderators.moderate("3", "setInviteOnly").put("value", true), "channelPolicy");
        refusedJoin("cy", false, ErrorCode.INVITE_ONLY, secrets);
        act(mo, Moderators.moderate("4", "setInviteOnly").put("value", false), "channelPolicy");
        act(mo, Moderators.moderate("5", "setMaxParticipants").put("value", 2), "channelPolicy");
        refusedJoin("cy", true, ErrorCode.CHANNEL_FULL, secrets);
        act(mo, Moderators.moderate("6", "mute", "ana").put("kind", "audio"), null);
        act(mo, Moderators.moderate("7", "listenOnly", "ana"), null);
        act(mo, Moderators.moderate("8", "kick", "ana"), "participantLeft");
        assertThat(ana.awaitClosed()).isTrue();
        refusedJoin("ana", false, ErrorCode.KICKED, secrets);

        List<String> expected = List.of("lock NOT_ALLOWED", "lock done", "join CHANNEL_LOCKED", "unlock done",
                "setInviteOnly done", "join INVITE_ONLY", "setInviteOnly done", "setMaxParticipants done",
                "join CHANNEL_FULL", "mute done", "listenOnly done", "kick done", "join KICKED");
        await().atMost(Duration.ofSeconds(WsClient.WAIT_SECONDS))
                .until(() -> Files.exists(file) && Files.readAllLines(file).size() >= expected.size());
        String text = Files.readString(file, StandardCharsets.UTF_8);
        List<String> lines = text.lines().toList();
        assertThat(lines).hasSize(expected.size());
        List<JsonObject> records = lines.stream().map(JsonObject::new).toList();
        assertThat(records).extracting(r -> r.getString("action") + " " + r.getString("result"))
                .containsExactlyElementsOf(expected);
        Instant previous = Instant.EPOCH;
        for (JsonObject r : records) {
            assertThat(r.fieldNames()).isSubsetOf(FIELDS).contains("time", "action", "call", "result");
            assertThat(r.getString("time")).endsWith("Z");
            Instant time = Instant.parse(r.getString("time"));
            assertThat(time).isAfterOrEqualTo(previous).isBefore(Instant.now().plusSeconds(1));
            previous = time;
            assertThat(r.getString("call")).isEqualTo("srv/a");
        }
        assertThat(records.get(0).getString("actor")).isEqualTo("ana");
        assertThat(records.get(1).getString("actor")).isEqualTo("mo");
        assertThat(records.get(2).getString("target")).isEqualTo("cy");
        assertThat(records.get(2).containsKey("actor")).isFalse();
        assertThat(records.get(7).getInteger("value")).isEqualTo(2);
        assertThat(records.get(9).getString("value")).isEqualTo("audio");
        assertThat(records.get(11)).isEqualTo(records.get(11).copy().put("actor", "mo").put("target", "ana"));

        assertThat(text).doesNotContain("127.0.0.1").doesNotContain(NAME_MARKER).doesNotContain("eyJ");
        for (String secret : secrets) {
            assertThat(text).doesNotContain(secret);
        }
        mo.close();
    }

    @Test
    void theFileIsAppendedInOrderAcrossRunsAndWritesDoNotBlockTheEventLoop(Vertx vertx, @TempDir Path dir) throws Exception {
        node = SignalingNode.start(vertx);
        Path file = dir.resolve("audit.jsonl");
        AuditLog first = AuditLog.toFile(file);
        // written from an event loop, where a blocking write would trip the blocked-thread checker
        io.vertx.core.Promise<Void> written = io.vertx.core.Promise.promise();
        vertx.runOnContext(x -> {
            for (int i = 0; i < 500; i++) {
                first.write(new AuditRecord(Instant.now(), "setMaxParticipants", "srv/f", "mo", null, "done", i + 1));
            }
            written.complete();
        });
        SignalingNode.await(written.future());
        SignalingNode.await(first.close());
        AuditLog second = AuditLog.toFile(file);
        second.write(new AuditRecord(Instant.now(), "lock", "srv/f", "mo", null, "done", null));
        SignalingNode.await(second.close());

        List<JsonObject> records = Files.readAllLines(file).stream().map(JsonObject::new).toList();
        assertThat(records).hasSize(501);
        for (int i = 0; i < 500; i++) {
            assertThat(records.get(i).getInteger("value")).isEqualTo(i + 1);
        }
        assertThat(records.get(500).getString("action")).isEqualTo("lock");
        assertThat(records.get(500).containsKey("value")).isFalse();
    }

    /** Sends a moderation request and waits for its reply and the message that follows it, if any. */
    private static void act(WsClient moderator, JsonObject request, String then) throws Exception {
        moderator.send(request);
        assertThat(moderator.next("moderated").getString("result")).isEqualTo("done");
        if (then != null) {
            moderator.next(then);
        }
    }

    /** A join by {@code sub} refused with {@code code}; its token is kept to look for in the file. */
    private void refusedJoin(String sub, boolean viaInvite, ErrorCode code, List<String> secrets) throws Exception {
        WsClient c = node.client();
        String token = Moderators.token(node, sub, "a", Grants.PARTICIPANT, viaInvite);
        secrets.add(token);
        c.send(SignalingNode.join(token, sub + " " + NAME_MARKER));
        c.error(code);
        assertThat(c.awaitClosed()).isTrue();
    }
}

package org.canal.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code canal invite create|list|revoke} against a running dev node over HTTPS. */
class InviteCommandTest {
    private static final Pattern CREATED = Pattern.compile("(?s)^Invite (inv_[A-Za-z0-9_-]+) for acme/standup, .*"
            + "\\nJoin: (https://127\\.0\\.0\\.1:\\d+/#invite=([A-Za-z0-9_-]{43}))\\n$");

    @TempDir
    static Path home;
    static CanalNode node;
    static String nodeUrl;

    @BeforeAll
    static void start() throws Exception {
        node = CanalNode.start(TestNodes.devOptions(home)).await(60, TimeUnit.SECONDS);
        nodeUrl = "https://127.0.0.1:" + node.httpsPort();
    }

    @AfterAll
    static void stop() throws Exception {
        node.close().await(30, TimeUnit.SECONDS);
    }

    @Test
    void createsListsAndRevokesWithTheDevKeyAndCertificate() throws Exception {
        Result created = run(Map.of(), "invite", "create", "--node", nodeUrl, "--server", "acme", "--channel", "standup",
                "--expires", "2h", "--max-uses", "3", "--grants", "subscribe,publish:video");
        assertThat(created.code).as(created.err).isZero();
        Matcher invite = CREATED.matcher(created.out.replace("\r\n", "\n"));
        assertThat(invite.matches()).as(created.out).isTrue();
        assertThat(created.out).contains("used 0 of 3").contains("grants join,publish:video,subscribe");
        String id = invite.group(1);
        String secret = invite.group(3);
        assertThat(node.invites().redeem(secret, java.time.Instant.now()).await(30, TimeUnit.SECONDS).channel())
                .isEqualTo("standup");

        Result listed = run(Map.of(), "invite", "list", "--node", nodeUrl, "--server", "acme", "--channel", "standup");
        assertThat(listed.code).as(listed.err).isZero();
        assertThat(listed.out).contains(id).contains("used 1 of 3").doesNotContain(secret).doesNotContain("REVOKED");

        Result revoked = run(Map.of(), "invite", "revoke", "--node", nodeUrl, id);
        assertThat(revoked.code).as(revoked.err).isZero();
        assertThat(revoked.out.strip()).isEqualTo("Revoked " + id + ".");
        assertThat(run(Map.of(), "invite", "list", "--node", nodeUrl, "--server", "acme", "--channel", "standup").out)
                .contains(id).contains("REVOKED");
        Result again = run(Map.of(), "invite", "revoke", "--node", nodeUrl, "inv_unknown");
        assertThat(again.code).isEqualTo(1);
        assertThat(again.err).contains("404").contains("INVITE_UNKNOWN");

        String adminKey = Files.readString(home.resolve("admin-key")).strip();
        assertThat(created.out + created.err + listed.out + revoked.out).doesNotContain(adminKey);
    }

    @Test
    void pinsTheNodeByFingerprintAndRefusesAnotherOne() {
        String fingerprint = node.certificate().orElseThrow().sha256();
        Result pinned = run(Map.of(), "invite", "list", "--node", nodeUrl, "--fingerprint", fingerprint,
                "--server", "acme", "--channel", "nobody");
        assertThat(pinned.code).as(pinned.err).isZero();
        assertThat(pinned.out.strip()).isEqualTo("No invites for acme/nobody.");

        Result wrong = run(Map.of(), "invite", "list", "--node", nodeUrl, "--fingerprint", "00".repeat(32),
                "--server", "acme", "--channel", "nobody");
        assertThat(wrong.code).isEqualTo(1);
        assertThat(wrong.err).startsWith("canal: cannot talk to the node");
    }

    @Test
    void aWrongKeyIsRefusedByTheNode() {
        Result refused = run(Map.of("CANAL_ADMIN_KEY", "k".repeat(40)), "invite", "create", "--node", nodeUrl,
                "--server", "acme", "--channel", "standup");
        assertThat(refused.code).isEqualTo(1);
        assertThat(refused.err).contains("401").contains("UNAUTHORIZED");
        assertThat(refused.err).doesNotContain("k".repeat(40));
    }

    private record Result(int code, String out, String err) {}

    private static Result run(Map<String, String> extra, String... args) {
        Map<String, String> environment = new HashMap<>(TestNodes.devEnvironment(home));
        environment.putAll(extra);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CanalCommand.commandLine(new CanalCommand(environment, () -> {}))
                .setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}

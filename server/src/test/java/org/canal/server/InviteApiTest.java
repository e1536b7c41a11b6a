package org.canal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real dev node over HTTPS: the admin API refuses without its key and manages invites with it;
 * {@code /invites/redeem} exchanges an invite for a join token or says why not.
 */
class InviteApiTest {
    @TempDir
    static Path home;
    static CanalNode node;
    static HttpClient http;
    static String adminKey;

    @BeforeAll
    static void start() throws Exception {
        node = CanalNode.start(TestNodes.devOptions(home)).await(60, TimeUnit.SECONDS);
        http = TestNodes.httpsClient(node);
        adminKey = Files.readString(home.resolve("admin-key")).strip();
    }

    @AfterAll
    static void stop() throws Exception {
        node.close().await(30, TimeUnit.SECONDS);
    }

    @Test
    void theDevAdminKeyIsGeneratedForItsOwnerOnly() throws Exception {
        assertThat(adminKey).hasSizeGreaterThanOrEqualTo(43);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("admin-key")))).isEqualTo("rw-------");
        assertThat(Files.readString(home.resolve("admin-key"))).doesNotContain(Files.readString(home.resolve("dev-secret")).strip());
    }

    @Test
    void theAdminApiRefusesWithoutOrWithAWrongKey() throws Exception {
        String body = new JsonObject().put("server", "acme").put("channel", "x").encode();
        for (String authorization : new String[] {null, "Bearer ", "Bearer " + "x".repeat(43), "Basic " + adminKey,
                "Bearer " + adminKey + "x", "Bearer " + "y".repeat(5000)}) {
            HttpResponse<String> create = send("POST", "/admin/invites", body, authorization);
            assertThat(create.statusCode()).as(String.valueOf(authorization)).isEqualTo(401);
            assertThat(new JsonObject(create.body()).getString("error")).isEqualTo("UNAUTHORIZED");
            assertThat(create.headers().firstValue("www-authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(send("GET", "/admin/invites?server=acme&channel=x", null, authorization).statusCode()).isEqualTo(401);
            assertThat(send("DELETE", "/admin/invites/inv_x", null, authorization).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void createsListsAndRevokesWithTheKeyAndRedeemingFollows() throws Exception {
        JsonObject created = create(new JsonObject().put("server", "acme").put("channel", "standup").put("expiresIn", "2h")
                .put("maxUses", 5).put("grants", new JsonArray().add("subscribe").add("publish:audio")));
        String id = created.getString("id");
        String link = created.getString("link");
        assertThat(link).matches("https://127\\.0\\.0\\.1:" + node.httpsPort() + "/#invite=[A-Za-z0-9_-]{43}");
        assertThat(created.getJsonArray("grants")).containsExactly("join", "publish:audio", "subscribe");
        assertThat(Instant.parse(created.getString("expiresAt"))).isBetween(Instant.now().plus(Duration.ofMinutes(119)),
                Instant.now().plus(Duration.ofHours(2)));
        String secret = link.substring(link.indexOf("#invite=") + 8);

        JsonObject token = redeemOk(secret);
        assertThat(token.getString("server")).isEqualTo("acme");
        assertThat(token.getString("channel")).isEqualTo("standup");
        assertThat(token.getInteger("expiresIn")).isEqualTo(120);
        JsonObject claims = claims(token.getString("token"));
        assertThat(claims.getString("sub")).startsWith("guest-");
        assertThat(claims.getString("server")).isEqualTo("acme");
        assertThat(claims.getString("channel")).isEqualTo("standup");
        assertThat(claims.getLong("exp") - claims.getLong("iat")).isEqualTo(120);
        assertThat(claims(redeemOk(secret).getString("token")).getString("sub")).isNotEqualTo(claims.getString("sub"));

        HttpResponse<String> listed = send("GET", "/admin/invites?server=acme&channel=standup", null, "Bearer " + adminKey);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.body()).doesNotContain(secret).doesNotContain("sha256");
        JsonObject invite = new JsonObject(listed.body()).getJsonArray("invites").getJsonObject(0);
        assertThat(invite.getString("id")).isEqualTo(id);
        assertThat(invite.getInteger("uses")).isEqualTo(2);
        assertThat(invite.getInteger("maxUses")).isEqualTo(5);
        assertThat(invite.getBoolean("revoked")).isFalse();

        assertThat(send("DELETE", "/admin/invites/" + id, null, "Bearer " + adminKey).statusCode()).isEqualTo(204);
        assertRefused(secret, 410, "INVITE_REVOKED");
        JsonObject after = new JsonObject(send("GET", "/admin/invites?server=acme&channel=standup", null, "Bearer " + adminKey)
                .body()).getJsonArray("invites").getJsonObject(0);
        assertThat(after.getBoolean("revoked")).isTrue();
        HttpResponse<String> unknown = send("DELETE", "/admin/invites/inv_nothing", null, "Bearer " + adminKey);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(unknown.body()).getString("error")).isEqualTo("INVITE_UNKNOWN");
    }

    @Test
    void aTwoUseInviteRefusesTheThirdRedemption() throws Exception {
        String secret = secretOf(create(new JsonObject().put("server", "acme").put("channel", "twice").put("maxUses", 2)));
        redeemOk(secret);
        redeemOk(secret);
        assertRefused(secret, 410, "INVITE_USED_UP");
    }

    @Test
    void anExpiredInviteIsRefused() throws Exception {
        String secret = secretOf(create(new JsonObject().put("server", "acme").put("channel", "brief").put("expiresIn", 1)));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertRefused(secret, 410, "INVITE_EXPIRED"));
    }

    @Test
    void unknownSecretsAndBadRequestsAreRefused() throws Exception {
        assertRefused("A".repeat(43), 404, "INVITE_UNKNOWN");
        assertRefused("not-a-secret", 404, "INVITE_UNKNOWN");
        assertThat(send("POST", "/invites/redeem", "{\"invite\": 7}", null).statusCode()).isEqualTo(400);
        assertThat(send("POST", "/invites/redeem", "nonsense", null).statusCode()).isEqualTo(400);
        assertThat(send("POST", "/invites/redeem", "{\"invite\":\"" + "a".repeat(10_000) + "\"}", null).statusCode())
                .isEqualTo(413);
        assertThat(send("POST", "/admin/invites", "x".repeat(20_000), "Bearer " + adminKey).statusCode()).isEqualTo(413);
        for (JsonObject bad : new JsonObject[] {
            new JsonObject().put("server", "acme"),
            new JsonObject().put("server", "a b").put("channel", "c"),
            new JsonObject().put("server", "acme").put("channel", "c").put("expiresIn", "31d"),
            new JsonObject().put("server", "acme").put("channel", "c").put("maxUses", -1),
            new JsonObject().put("server", "acme").put("channel", "c").put("grants", new JsonArray().add("fly"))}) {
            HttpResponse<String> response = send("POST", "/admin/invites", bad.encode(), "Bearer " + adminKey);
            assertThat(response.statusCode()).as(bad.encode()).isEqualTo(400);
        }
    }

    static JsonObject create(JsonObject request) throws Exception {
        HttpResponse<String> response = send("POST", "/admin/invites", request.encode(), "Bearer " + adminKey);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.headers().firstValue("cache-control")).hasValue("no-store");
        return new JsonObject(response.body());
    }

    static String secretOf(JsonObject created) {
        String link = created.getString("link");
        return link.substring(link.indexOf("#invite=") + 8);
    }

    static JsonObject redeemOk(String secret) throws Exception {
        HttpResponse<String> response = send("POST", "/invites/redeem", new JsonObject().put("invite", secret).encode(), null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("cache-control")).hasValue("no-store");
        return new JsonObject(response.body());
    }

    static void assertRefused(String secret, int status, String code) throws Exception {
        HttpResponse<String> response = send("POST", "/invites/redeem", new JsonObject().put("invite", secret).encode(), null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(new JsonObject(response.body()).getString("error")).isEqualTo(code);
    }

    static JsonObject claims(String token) {
        return new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    static HttpResponse<String> send(String method, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + node.httpsPort() + path))
                .timeout(Duration.ofSeconds(30)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

package org.canal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real dev node over HTTPS with small limits: {@code /invites/redeem} and failed admin key checks are
 * limited per client address (HTTP 429, Retry-After, the APIs' JSON error), other addresses go on, a
 * correct admin key does not count, X-Forwarded-For counts only from the configured trusted proxy, and
 * the limit refills with time. Clients play addresses 127.0.0.2 and up (all loopback).
 */
class RateLimitApiTest {
    static final String PROXY = "127.0.0.9";

    @TempDir
    static Path home;
    static CanalNode node;
    static Vertx vertx;
    static String adminKey;
    static final Map<String, HttpClientAgent> clients = new ConcurrentHashMap<>();

    record Reply(int status, MultiMap headers, String body) {
        JsonObject json() {
            return new JsonObject(body);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> environment = TestNodes.devEnvironment(home);
        environment.put("CANAL_LIMITS_REDEEM", "3/15s");
        environment.put("CANAL_LIMITS_ADMIN_FAILURES", "3/10m");
        environment.put("CANAL_LIMITS_TRUSTED_PROXIES", PROXY);
        node = CanalNode.start(NodeOptionsLoader.load(true, java.util.Optional.empty(), environment)).await(60, TimeUnit.SECONDS);
        adminKey = Files.readString(home.resolve("admin-key")).strip();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().await(30, TimeUnit.SECONDS);
        node.close().await(30, TimeUnit.SECONDS);
    }

    @Test
    void redeemingIsLimitedPerAddressWith429AndRetryAfterAndRefillsWithTime() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(redeem("127.0.0.2", null, "A".repeat(43)).status()).isEqualTo(404);
        }
        Reply limited = redeem("127.0.0.2", null, "A".repeat(43));
        assertRateLimited(limited, 15);
        // the header is the client's own word here: not believed
        assertThat(redeem("127.0.0.2", "198.51.100.7", "A".repeat(43)).status()).isEqualTo(429);

        String secret = InviteApiTest.secretOf(createInvite("127.0.0.3"));
        Reply redeemed = redeem("127.0.0.3", null, secret);
        assertThat(redeemed.status()).as(redeemed.body()).isEqualTo(200);
        assertThat(redeemed.json().getString("token")).isNotBlank();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> redeem("127.0.0.2", null, "A".repeat(43)).status() == 404);
    }

    @Test
    void behindTheTrustedProxyTheForwardedClientCounts() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(redeem(PROXY, "198.51.100.1", "B".repeat(43)).status()).isEqualTo(404);
        }
        assertRateLimited(redeem(PROXY, "198.51.100.1", "B".repeat(43)), 15);
        // a client cannot escape by writing an address of its own in front of what the proxy appended
        assertThat(redeem(PROXY, "192.0.2.99, 198.51.100.1", "B".repeat(43)).status()).isEqualTo(429);
        assertThat(redeem(PROXY, "198.51.100.2", "B".repeat(43)).status()).isEqualTo(404);
    }

    @Test
    void failedAdminKeyChecksAreLimitedPerAddressBeforeTheKeyIsChecked() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(listInvites("127.0.0.4", "wrong-key-" + i).status()).isEqualTo(401);
        }
        // refused before the hash: even the right key waits now, from this address
        assertRateLimited(listInvites("127.0.0.4", "wrong-key-3"), 600);
        assertRateLimited(listInvites("127.0.0.4", adminKey), 600);

        // correct keys do not count: more successes than the limit from one address
        for (int i = 0; i < 6; i++) {
            assertThat(listInvites("127.0.0.5", adminKey).status()).isEqualTo(200);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(listInvites("127.0.0.5", "nope").status()).isEqualTo(401);
        }
        assertRateLimited(listInvites("127.0.0.5", "nope"), 600);
        // a request without a key costs no hash and gets its 401 regardless
        assertThat(send("127.0.0.5", HttpMethod.GET, "/admin/invites?server=acme&channel=x", null, null, null).status())
                .isEqualTo(401);
    }

    static void assertRateLimited(Reply reply, long maxRetryAfter) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(429);
        assertThat(Long.parseLong(reply.headers().get("Retry-After"))).isBetween(1L, maxRetryAfter);
        assertThat(reply.headers().get("Cache-Control")).isEqualTo("no-store");
        assertThat(reply.json().getString("error")).isEqualTo("RATE_LIMITED");
        assertThat(reply.json().getString("message")).contains("retry in");
    }

    static JsonObject createInvite(String from) throws Exception {
        Reply created = send(from, HttpMethod.POST, "/admin/invites", null, "Bearer " + adminKey,
                new JsonObject().put("server", "acme").put("channel", "limits").encode());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json();
    }

    static Reply listInvites(String from, String key) throws Exception {
        return send(from, HttpMethod.GET, "/admin/invites?server=acme&channel=x", null, "Bearer " + key, null);
    }

    static Reply redeem(String from, String forwardedFor, String secret) throws Exception {
        return send(from, HttpMethod.POST, "/invites/redeem", forwardedFor, null, new JsonObject().put("invite", secret).encode());
    }

    static Reply send(String from, HttpMethod method, String path, String forwardedFor, String authorization, String body)
            throws Exception {
        RequestOptions request = new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(node.httpsPort())
                .setURI(path);
        if (forwardedFor != null) {
            request.putHeader("X-Forwarded-For", forwardedFor);
        }
        if (authorization != null) {
            request.putHeader("Authorization", authorization);
        }
        if (body != null) {
            request.putHeader("Content-Type", "application/json");
        }
        return client(from).request(request)
                .compose(r -> body == null ? r.send() : r.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(b -> new Reply(response.statusCode(), response.headers(), b.toString())))
                .await(30, TimeUnit.SECONDS);
    }

    /** An HTTPS client whose connections come from {@code localAddress} and trust only the node's certificate. */
    static HttpClientAgent client(String localAddress) {
        return clients.computeIfAbsent(localAddress, from -> vertx.createHttpClient(new HttpClientOptions().setSsl(true)
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(node.certificate().orElseThrow().certificatePem())))
                .setLocalAddress(from)));
    }
}

package org.canal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.auth.JWTOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CanalCommandTest {
    private static final Pattern JOIN_LINE =
            Pattern.compile("(?m)^Join: (https://127\\.0\\.0\\.1:(\\d+)/#invite=([A-Za-z0-9_-]{43}))$");

    @TempDir
    Path home;

    @Test
    void devStartsANodeAndPrintsAJoinLineWhoseInviteRedeemsForTheDemoChannel() throws Exception {
        Map<String, String> environment = TestNodes.devEnvironment(home);
        JsonObject[] redeemed = new JsonObject[2];
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // While the node runs: redeem the printed invite twice over HTTPS, trusting the certificate dev
        // mode left for the CLI.
        Runnable whileRunning = () -> {
            Matcher join = JOIN_LINE.matcher(out.toString());
            assertThat(join.find()).as(out.toString()).isTrue();
            try {
                HttpClient http = HttpClient.newBuilder()
                        .sslContext(AdminClient.trustingPem(home.resolve("dev-certificate.pem"))).build();
                for (int i = 0; i < redeemed.length; i++) {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("https://127.0.0.1:" + join.group(2) + "/invites/redeem"))
                            .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("invite", join.group(3)).encode()))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                    redeemed[i] = new JsonObject(response.body());
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        int code = CanalCommand.commandLine(new CanalCommand(environment, whileRunning))
                .setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute("dev");
        assertThat(code).as(err.toString()).isZero();
        Matcher join = JOIN_LINE.matcher(out.toString());
        assertThat(join.find()).isTrue();
        assertThat(URI.create(join.group(1)).getRawQuery()).isNull();

        String secret = Files.readString(home.resolve("dev-secret")).strip();
        JsonObject first = verify(redeemed[0].getString("token"), secret);
        JsonObject second = verify(redeemed[1].getString("token"), secret);
        assertThat(first.getString("server")).isEqualTo("dev");
        assertThat(first.getString("channel")).isEqualTo("demo");
        assertThat(first.getString("iss")).isEqualTo("canal");
        assertThat(first.getString("sub")).startsWith("guest-").isNotEqualTo(second.getString("sub"));
        assertThat(first.containsKey("invite")).isFalse();
        String adminKey = Files.readString(home.resolve("admin-key")).strip();
        assertThat(out.toString() + err).doesNotContain(secret).doesNotContain(adminKey);
    }

    @Test
    void devReusesItsSecretSoEarlierTokensStayValid() {
        Map<String, String> environment = TestNodes.devEnvironment(home);
        run(environment, "dev");
        String first = DevSecretFile.in(home).loadOrCreate();
        Result again = run(environment, "dev");
        assertThat(again.code).isZero();
        assertThat(DevSecretFile.in(home).loadOrCreate()).isEqualTo(first);
    }

    @Test
    void tokenMintsAPersonalTokenWithTheDevSecretAndPrintsAJoinLink() throws Exception {
        Result result = run(TestNodes.devEnvironment(home), "token", "--server", "acme", "--channel", "standup",
                "--user", "u-42", "--ttl", "2h");
        assertThat(result.code).as(result.err).isZero();
        List<String> lines = result.out.lines().toList();
        assertThat(lines).hasSize(2);
        String token = lines.get(0);
        assertThat(lines.get(1)).isEqualTo("Join: https://127.0.0.1:0/#token=" + token);

        JsonObject claims = verify(token, DevSecretFile.in(home).loadOrCreate());
        assertThat(claims.getString("sub")).isEqualTo("u-42");
        assertThat(claims.getString("server")).isEqualTo("acme");
        assertThat(claims.getString("channel")).isEqualTo("standup");
        assertThat(claims.containsKey("invite")).isFalse();
        long ttl = claims.getLong("exp") - Instant.now().getEpochSecond();
        assertThat(ttl).isBetween(Duration.ofHours(2).toSeconds() - 60, Duration.ofHours(2).toSeconds());
        assertThat(result.out).doesNotContain(DevSecretFile.in(home).loadOrCreate());
    }

    @Test
    void tokenWithoutUserIsAnInviteAndAnEnvironmentSecretIsUsedWhenSet() throws Exception {
        Map<String, String> environment = TestNodes.devEnvironment(home);
        String secret = "an-operator-secret-of-enough-length-0123456789";
        environment.put("CANAL_JWT_SECRET", secret);
        Result result = run(environment, "token", "--server", "s", "--channel", "c");
        assertThat(result.code).as(result.err).isZero();
        String token = result.out.lines().findFirst().orElseThrow();
        assertThat(verify(token, secret).getBoolean("invite")).isTrue();
        assertThat(result.out).contains("/#invite=" + token);
        assertThat(Files.exists(home.resolve("dev-secret"))).isFalse();
    }

    @Test
    void tokenWithAWrongSecretDoesNotVerify() {
        Result result = run(TestNodes.devEnvironment(home), "token", "--server", "s", "--channel", "c");
        String token = result.out.lines().findFirst().orElseThrow();
        assertThatThrownBy(() -> verify(token, "x".repeat(43))).isNotNull();
    }

    @Test
    void refusedOptionsAreOneLineErrors() {
        Map<String, String> environment = TestNodes.devEnvironment(home);
        environment.put("CANAL_HTTPS_PORT", "99999");
        Result result = run(environment, "dev");
        assertThat(result.code).isEqualTo(2);
        assertThat(result.err.strip()).isEqualTo("canal: https.port: must be 0-65535, was 99999");

        Result ttl = run(TestNodes.devEnvironment(home), "token", "--server", "s", "--channel", "c", "--ttl", "90y");
        assertThat(ttl.code).isEqualTo(2);
        assertThat(ttl.err).contains("--ttl");
    }

    @Test
    void ttlAcceptsShortFormsAndIsoDurations() {
        assertThat(CanalCommand.parseTtl("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(CanalCommand.parseTtl("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(CanalCommand.parseTtl("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(CanalCommand.parseTtl("PT1H")).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> CanalCommand.parseTtl("0s")).isInstanceOf(InvalidOptionException.class);
        assertThatThrownBy(() -> CanalCommand.parseTtl("31d")).isInstanceOf(InvalidOptionException.class);
        assertThatThrownBy(() -> CanalCommand.parseTtl("h")).isInstanceOf(InvalidOptionException.class);
    }

    @Test
    void unknownCommandIsAUsageError() {
        Result result = run(TestNodes.devEnvironment(home), "fly");
        assertThat(result.code).isEqualTo(2);
        assertThat(result.err).contains("fly");
    }

    /** Verifies signature, audience and expiry as signaling will, and returns the claims. */
    static JsonObject verify(String token, String secret) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            JWTAuth auth = JWTAuth.create(vertx, new JWTAuthOptions()
                    .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret))
                    .setJWTOptions(new JWTOptions().setAudience(List.of("canal")).setIssuer("canal")));
            auth.authenticate(new TokenCredentials(token)).await(10, TimeUnit.SECONDS);
            return new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private record Result(int code, String out, String err) {}

    private static Result run(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // The node stops as soon as it has printed its lines.
        int code = CanalCommand.commandLine(new CanalCommand(environment, () -> {}))
                .setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}

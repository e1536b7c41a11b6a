package org.canal.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Join tokens signed with public keys from a JWKS file (ES256 key "ec-1", RS256 key "rsa-1") beside
 * the HS256 secret, over a real WebSocket on 127.0.0.1: accepted with the right kid; every abuse
 * refused with its own error code and the socket closed; keys rotated by rewriting the file.
 */
@ExtendWith(VertxExtension.class)
class PublicKeyTokenTest {
    private static final KeyPair EC = keys("ec");
    private static final KeyPair RSA = keys("rsa");
    private static final KeyPair OTHER_EC = keys("ec");
    private static final KeyPair OTHER_RSA = keys("rsa");
    private static final Duration RELOAD = Duration.ofMillis(200);

    @TempDir
    Path dir;
    private Path jwks;
    private SignalingNode node;

    private static KeyPair keys(String type) {
        try {
            return type.equals("ec") ? SignedTokens.ecP256() : SignedTokens.rsa(2048);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        jwks = dir.resolve("jwks.json");
        SignedTokens.writeJwks(jwks, SignedTokens.jwk("ec-1", EC.getPublic()), SignedTokens.jwk("rsa-1", RSA.getPublic()));
        node = startNode(vertx, RELOAD);
    }

    private SignalingNode startNode(Vertx vertx, Duration reload) throws Exception {
        TokenKeys keys = TokenKeys.jwks(jwks, reload, TokenKeys.hs256(SignalingNode.SECRET));
        return SignalingNode.start(vertx, SignalingOptions.defaults("pk-" + Ids.random(6).replace('_', 'x'), keys,
                SignalingNode.ISSUER));
    }

    @AfterEach
    void stop() throws Exception {
        node.close();
    }

    static Stream<Arguments> abusedTokens() throws Exception {
        long now = Instant.now().getEpochSecond();
        JsonObject c = SignedTokens.claims("user-1", "c");
        String valid = SignedTokens.es256("ec-1", EC.getPrivate(), c);
        String otherClaims = SignedTokens.es256("ec-1", EC.getPrivate(), SignedTokens.claims("admin", "c")).split("\\.")[1];
        return Stream.of(
                Arguments.of("ES256 signed by another key", ErrorCode.TOKEN_BAD_SIGNATURE,
                        SignedTokens.es256("ec-1", OTHER_EC.getPrivate(), c)),
                Arguments.of("RS256 signed by another key", ErrorCode.TOKEN_BAD_SIGNATURE,
                        SignedTokens.rs256("rsa-1", OTHER_RSA.getPrivate(), c)),
                Arguments.of("claims swapped under a valid signature", ErrorCode.TOKEN_BAD_SIGNATURE,
                        valid.replace(valid.split("\\.")[1], otherClaims)),
                Arguments.of("ECDSA signature in DER instead of R||S", ErrorCode.TOKEN_BAD_SIGNATURE,
                        SignedTokens.sign(SignedTokens.header("ES256", "ec-1"), c, "SHA256withECDSA", EC.getPrivate())),
                Arguments.of("alg none naming a key", ErrorCode.TOKEN_ALGORITHM_NOT_ALLOWED,
                        SignedTokens.unsigned(SignedTokens.header("none", "ec-1"), c)),
                Arguments.of("alg none", ErrorCode.TOKEN_ALGORITHM_NOT_ALLOWED,
                        SignedTokens.unsigned(SignedTokens.header("none", null), c)),
                Arguments.of("HS256 keyed with the RSA public key's DER bytes, RSA kid", ErrorCode.TOKEN_ALGORITHM_NOT_ALLOWED,
                        SignedTokens.hmac(SignedTokens.header("HS256", "rsa-1"), c, RSA.getPublic().getEncoded())),
                Arguments.of("HS256 keyed with the RSA public key's PEM text, RSA kid", ErrorCode.TOKEN_ALGORITHM_NOT_ALLOWED,
                        SignedTokens.hmac(SignedTokens.header("HS256", "rsa-1"), c, SignedTokens.pem(RSA.getPublic()))),
                Arguments.of("HS256 keyed with the EC public key's bytes, EC kid", ErrorCode.TOKEN_ALGORITHM_NOT_ALLOWED,
                        SignedTokens.hmac(SignedTokens.header("HS256", "ec-1"), c, EC.getPublic().getEncoded())),
                Arguments.of("ES256 naming the RSA key", ErrorCode.TOKEN_ALGORITHM_NOT_ALLOWED,
                        SignedTokens.es256("rsa-1", EC.getPrivate(), c)),
                Arguments.of("RS256 naming the EC key", ErrorCode.TOKEN_ALGORITHM_NOT_ALLOWED,
                        SignedTokens.rs256("ec-1", RSA.getPrivate(), c)),
                Arguments.of("PS256", ErrorCode.TOKEN_ALGORITHM_NOT_ALLOWED,
                        SignedTokens.sign(SignedTokens.header("PS256", "rsa-1"), c, "SHA256withRSA", RSA.getPrivate())),
                Arguments.of("unknown kid", ErrorCode.TOKEN_UNKNOWN_KEY, SignedTokens.es256("ec-9", EC.getPrivate(), c)),
                Arguments.of("ES256 without kid", ErrorCode.TOKEN_UNKNOWN_KEY, SignedTokens.es256(null, EC.getPrivate(), c)),
                Arguments.of("header embeds a jwk", ErrorCode.TOKEN_MALFORMED, SignedTokens.sign(
                        SignedTokens.header("ES256", "ec-1").put("jwk", SignedTokens.jwk("x", OTHER_EC.getPublic())),
                        c, "SHA256withECDSAinP1363Format", OTHER_EC.getPrivate())),
                Arguments.of("expired", ErrorCode.TOKEN_EXPIRED, ec(x -> x.put("exp", now - 120))),
                Arguments.of("not yet valid", ErrorCode.TOKEN_NOT_YET_VALID, ec(x -> x.put("nbf", now + 120))),
                Arguments.of("issued in the future", ErrorCode.TOKEN_NOT_YET_VALID, rs(x -> x.put("iat", now + 120))),
                Arguments.of("wrong issuer", ErrorCode.TOKEN_WRONG_ISSUER, ec(x -> x.put("iss", "someone-else"))),
                Arguments.of("wrong audience", ErrorCode.TOKEN_WRONG_AUDIENCE, rs(x -> x.put("aud", "not-canal"))),
                Arguments.of("no grants in a public-key token", ErrorCode.TOKEN_MISSING_CLAIM, ec(x -> remove(x, "grants"))),
                Arguments.of("no sub", ErrorCode.TOKEN_MISSING_CLAIM, ec(x -> remove(x, "sub"))),
                Arguments.of("a dev invite signed with a public key", ErrorCode.TOKEN_MALFORMED,
                        ec(x -> remove(x, "sub").put("invite", true))),
                Arguments.of("grants of the wrong type", ErrorCode.TOKEN_MALFORMED,
                        ec(x -> x.put("grants", new JsonObject().put("publish", "audio")))),
                Arguments.of("join not granted", ErrorCode.TOKEN_NOT_ALLOWED,
                        rs(x -> x.put("grants", new Grants(false, Grants.PARTICIPANT.publish(), true, false).toJson()))));
    }

    private static String ec(UnaryOperator<JsonObject> change) throws Exception {
        return SignedTokens.es256("ec-1", EC.getPrivate(), change.apply(SignedTokens.claims("user-1", "c")));
    }

    private static String rs(UnaryOperator<JsonObject> change) throws Exception {
        return SignedTokens.rs256("rsa-1", RSA.getPrivate(), change.apply(SignedTokens.claims("user-1", "c")));
    }

    private static JsonObject remove(JsonObject c, String claim) {
        c.remove(claim);
        return c;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("abusedTokens")
    void refusedWithItsOwnCodeAndClosed(String why, ErrorCode code, String token) throws Exception {
        assertRefused(SignalingNode.join(token, "Ana"), code);
    }

    @Test
    void es256WithItsKidJoinsWithTheTokensSubAndGrants() throws Exception {
        JsonObject claims = SignedTokens.claims("user-ec", "c").put("grants", Grants.LISTENER.toJson());
        JsonObject joined = join(SignedTokens.es256("ec-1", EC.getPrivate(), claims));
        assertThat(joined.getJsonObject("self").getString("id")).isEqualTo("user-ec");
        assertThat(joined.getJsonObject("grants")).isEqualTo(Grants.LISTENER.toJson());
    }

    @Test
    void rs256WithItsKidJoins() throws Exception {
        JsonObject joined = join(SignedTokens.rs256("rsa-1", RSA.getPrivate(), SignedTokens.claims("user-rsa", "c")));
        assertThat(joined.getJsonObject("self").getString("id")).isEqualTo("user-rsa");
        assertThat(joined.getJsonObject("grants")).isEqualTo(Grants.PARTICIPANT.toJson());
    }

    @Test
    void hs256DevTokensStillJoinBesideTheJwks() throws Exception {
        join(node.tokens.mintInvite("srv", "c", Duration.ofMinutes(1)));
        join(node.tokens.mintJoin("user-hs", "srv", "c", Duration.ofMinutes(1)));
    }

    @Test
    void aTokenForAnotherChannelOrServerIsRefused() throws Exception {
        String token = SignedTokens.es256("ec-1", EC.getPrivate(), SignedTokens.claims("user-1", "c"));
        assertRefused(SignalingNode.join(token, "Ana").put("server", "srv").put("channel", "other"),
                ErrorCode.TOKEN_WRONG_CHANNEL);
        assertRefused(SignalingNode.join(token, "Ana").put("server", "other-srv").put("channel", "c"),
                ErrorCode.TOKEN_WRONG_CHANNEL);
        String invite = node.tokens.mintInvite("srv", "c", Duration.ofMinutes(1));
        assertRefused(SignalingNode.join(invite, "Ana").put("channel", "lobby"), ErrorCode.TOKEN_WRONG_CHANNEL);

        WsClient client = node.client();
        client.send(SignalingNode.join(token, "Ana").put("server", "srv").put("channel", "c"));
        client.next("joined");
        client.close();
    }

    @Test
    void aRotatedOutKeyIsRefusedAndItsSuccessorAccepted() throws Exception {
        String old = SignedTokens.es256("ec-1", EC.getPrivate(), SignedTokens.claims("user-1", "c"));
        String successor = SignedTokens.es256("ec-2", OTHER_EC.getPrivate(), SignedTokens.claims("user-2", "c"));
        join(old);

        SignedTokens.writeJwks(jwks, SignedTokens.jwk("ec-2", OTHER_EC.getPublic()), SignedTokens.jwk("rsa-1", RSA.getPublic()));

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> firstReply(old).equals(ErrorCode.TOKEN_UNKNOWN_KEY.name()));
        assertRefused(SignalingNode.join(old, "Ana"), ErrorCode.TOKEN_UNKNOWN_KEY);
        assertThat(join(successor).getJsonObject("self").getString("id")).isEqualTo("user-2");
        join(SignedTokens.rs256("rsa-1", RSA.getPrivate(), SignedTokens.claims("user-3", "c")));
    }

    @Test
    void aFileThatStopsParsingKeepsThePreviousKeys() throws Exception {
        SignedTokens.writeAtomically(jwks, "{\"keys\": [ half written");
        Thread.sleep(RELOAD.toMillis() * 4); // several reloads see the broken file
        join(SignedTokens.es256("ec-1", EC.getPrivate(), SignedTokens.claims("user-1", "c")));

        Files.delete(jwks);
        Thread.sleep(RELOAD.toMillis() * 4);
        join(SignedTokens.rs256("rsa-1", RSA.getPrivate(), SignedTokens.claims("user-2", "c")));
    }

    @Test
    void aNewKidIsLookedUpInTheFileWithoutWaitingForTheInterval(Vertx vertx) throws Exception {
        node.close();
        node = startNode(vertx, Duration.ofHours(1));
        String newcomer = SignedTokens.es256("ec-3", OTHER_EC.getPrivate(), SignedTokens.claims("user-3", "c"));
        SignedTokens.writeJwks(jwks, SignedTokens.jwk("ec-1", EC.getPublic()), SignedTokens.jwk("ec-3", OTHER_EC.getPublic()));
        // a kid miss re-reads the file at most every 2 s, however many unknown kids arrive
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> firstReply(newcomer).equals("joined"));
    }

    private JsonObject join(String token) throws Exception {
        WsClient client = node.client();
        try {
            client.send(SignalingNode.join(token, "Ana"));
            return client.next("joined");
        } finally {
            client.close();
        }
    }

    private void assertRefused(JsonObject join, ErrorCode code) throws Exception {
        WsClient client = node.client();
        try {
            client.send(join.put("id", "j1"));
            JsonObject error = client.error(code);
            assertThat(error.getString("id")).isEqualTo("j1");
            assertThat(error.getString("message")).isNotBlank();
            assertThat(client.awaitClosed()).isTrue();
        } finally {
            client.close();
        }
    }

    /** "joined", or the error code of the reply to a join with {@code token}. */
    private String firstReply(String token) throws Exception {
        WsClient client = node.client();
        try {
            client.send(SignalingNode.join(token, "Ana"));
            JsonObject reply = client.next();
            return reply.getString("type").equals("joined") ? "joined" : reply.getString("code");
        } finally {
            client.close();
        }
    }
}

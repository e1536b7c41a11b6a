package org.canal.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Join tokens (HS256 node) that must not open a session: each is refused with its own TOKEN_* code
 * and the socket is closed, over a real WebSocket on 127.0.0.1. The same claims signed properly are
 * accepted, so each case fails for its one defect.
 */
@ExtendWith(VertxExtension.class)
class TokenAbuseTest {
    private SignalingNode node;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        node = SignalingNode.start(vertx);
    }

    @AfterEach
    void stop() throws Exception {
        node.close();
    }

    static Stream<Arguments> abusedTokens() throws Exception {
        long now = java.time.Instant.now().getEpochSecond();
        byte[] otherSecret = "another secret that is also long enough!!".getBytes(StandardCharsets.UTF_8);
        JsonObject hs256 = new JsonObject().put("alg", "HS256").put("typ", "JWT");
        return Stream.of(
                Arguments.of("bad signature", ErrorCode.TOKEN_BAD_SIGNATURE, ForgedTokens.sign(hs256, ForgedTokens.claims("c"), "HmacSHA256", otherSecret)),
                Arguments.of("alg none", ErrorCode.TOKEN_ALGORITHM_NOT_ALLOWED, ForgedTokens.unsigned(ForgedTokens.claims("c"))),
                Arguments.of("alg none with a signature", ErrorCode.TOKEN_ALGORITHM_NOT_ALLOWED, ForgedTokens.sign(new JsonObject().put("alg", "none"),
                        ForgedTokens.claims("c"), "HmacSHA256", SignalingNode.SECRET)),
                Arguments.of("alg HS512", ErrorCode.TOKEN_ALGORITHM_NOT_ALLOWED, ForgedTokens.sign(new JsonObject().put("alg", "HS512"),
                        ForgedTokens.claims("c"), "HmacSHA512", SignalingNode.SECRET)),
                Arguments.of("alg RS256 header on an HMAC", ErrorCode.TOKEN_ALGORITHM_NOT_ALLOWED, ForgedTokens.sign(new JsonObject().put("alg", "RS256"),
                        ForgedTokens.claims("c"), "HmacSHA256", SignalingNode.SECRET)),
                Arguments.of("embedded jwk", ErrorCode.TOKEN_MALFORMED, ForgedTokens.sign(hs256.copy().put("jwk", new JsonObject().put("kty", "oct")),
                        ForgedTokens.claims("c"), "HmacSHA256", SignalingNode.SECRET)),
                Arguments.of("expired", ErrorCode.TOKEN_EXPIRED, token(c -> c.put("exp", now - 120))),
                Arguments.of("not yet valid (nbf)", ErrorCode.TOKEN_NOT_YET_VALID, token(c -> c.put("nbf", now + 120))),
                Arguments.of("issued in the future", ErrorCode.TOKEN_NOT_YET_VALID, token(c -> c.put("iat", now + 120))),
                Arguments.of("wrong iss", ErrorCode.TOKEN_WRONG_ISSUER, token(c -> c.put("iss", "someone-else"))),
                Arguments.of("wrong aud", ErrorCode.TOKEN_WRONG_AUDIENCE, token(c -> c.put("aud", "not-canal"))),
                Arguments.of("missing exp", ErrorCode.TOKEN_MISSING_CLAIM, token(c -> remove(c, "exp"))),
                Arguments.of("missing iat", ErrorCode.TOKEN_MISSING_CLAIM, token(c -> remove(c, "iat"))),
                Arguments.of("missing iss", ErrorCode.TOKEN_MISSING_CLAIM, token(c -> remove(c, "iss"))),
                Arguments.of("missing aud", ErrorCode.TOKEN_MISSING_CLAIM, token(c -> remove(c, "aud"))),
                Arguments.of("missing jti", ErrorCode.TOKEN_MISSING_CLAIM, token(c -> remove(c, "jti"))),
                Arguments.of("missing server", ErrorCode.TOKEN_MISSING_CLAIM, token(c -> remove(c, "server"))),
                Arguments.of("missing channel", ErrorCode.TOKEN_MISSING_CLAIM, token(c -> remove(c, "channel"))),
                Arguments.of("neither sub nor invite", ErrorCode.TOKEN_MISSING_CLAIM, token(c -> remove(c, "invite"))),
                Arguments.of("both sub and invite", ErrorCode.TOKEN_MALFORMED, token(c -> c.put("sub", "u1"))),
                Arguments.of("invite false", ErrorCode.TOKEN_MALFORMED, token(c -> c.put("invite", false))),
                Arguments.of("channel not an id", ErrorCode.TOKEN_MALFORMED, token(c -> c.put("channel", "a b/c"))),
                Arguments.of("exp as text", ErrorCode.TOKEN_MALFORMED, token(c -> c.put("exp", String.valueOf(now + 300)))),
                Arguments.of("not a JWT", ErrorCode.TOKEN_MALFORMED, "hello"),
                Arguments.of("garbage parts", ErrorCode.TOKEN_MALFORMED, "a.b.c"),
                Arguments.of("padded base64", ErrorCode.TOKEN_MALFORMED, ForgedTokens.hs256(ForgedTokens.claims("c")) + "="),
                Arguments.of("a kid this node does not have", ErrorCode.TOKEN_UNKNOWN_KEY, ForgedTokens.sign(
                        hs256.copy().put("kid", "k-1"), ForgedTokens.claims("c"), "HmacSHA256", SignalingNode.SECRET)),
                Arguments.of("ES256 on an HS256-only node", ErrorCode.TOKEN_ALGORITHM_NOT_ALLOWED, ForgedTokens.sign(
                        new JsonObject().put("alg", "ES256").put("kid", "ec-1"), ForgedTokens.claims("c"), "HmacSHA256",
                        SignalingNode.SECRET)),
                Arguments.of("join not granted", ErrorCode.TOKEN_NOT_ALLOWED, token(c -> c.put("grants",
                        new JsonObject().put("subscribe", true)))),
                Arguments.of("an unknown publish grant", ErrorCode.TOKEN_MALFORMED, token(c -> c.put("grants",
                        new JsonObject().put("join", true).put("publish", new io.vertx.core.json.JsonArray().add("smell"))))));
    }

    private static String token(UnaryOperator<JsonObject> change) throws Exception {
        return ForgedTokens.hs256(change.apply(ForgedTokens.claims("c")));
    }

    private static JsonObject remove(JsonObject c, String claim) {
        c.remove(claim);
        return c;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("abusedTokens")
    void refusedWithItsOwnCodeAndClosed(String why, ErrorCode code, String token) throws Exception {
        WsClient client = node.client();
        client.send(SignalingNode.join(token, "Ana").put("id", "j1"));
        JsonObject error = client.error(code);
        assertThat(error.getString("id")).isEqualTo("j1");
        assertThat(client.awaitClosed()).isTrue();
        assertThat(node.media.commands()).as("no media command for a refused join").isEmpty();
    }

    @Test
    void theSameClaimsProperlySignedAreAccepted() throws Exception {
        WsClient client = node.client();
        client.send(SignalingNode.join(ForgedTokens.hs256(ForgedTokens.claims("c")), "Ana"));
        client.next("joined");
        client.close();
    }

    @Test
    void expiryWithinTheClockSkewIsAccepted() throws Exception {
        long now = java.time.Instant.now().getEpochSecond();
        WsClient client = node.client();
        client.send(SignalingNode.join(token(c -> c.put("exp", now - 10).put("iat", now + 10)), "Ana"));
        client.next("joined");
        client.close();
    }

    @Test
    void joinTokenGivesSubAndInviteGivesFreshIds() throws Exception {
        WsClient a = node.client();
        a.send(SignalingNode.join(node.tokens.mintJoin("user-7", "srv", "c", java.time.Duration.ofMinutes(1)), "Ana"));
        assertThat(a.next("joined").getJsonObject("self").getString("id")).isEqualTo("user-7");
        String invite = node.tokens.mintInvite("srv", "c", java.time.Duration.ofMinutes(1));
        WsClient b = node.client();
        b.send(SignalingNode.join(invite, "Bo"));
        String bId = b.next("joined").getJsonObject("self").getString("id");
        WsClient c = node.client();
        c.send(SignalingNode.join(invite, "Cy"));
        String cId = c.next("joined").getJsonObject("self").getString("id");
        assertThat(bId).isNotEqualTo(cId).isNotEqualTo("user-7");
        assertThat(Ids.isValid(bId) && Ids.isValid(cId)).isTrue();
        a.close();
        b.close();
        c.close();
    }
}

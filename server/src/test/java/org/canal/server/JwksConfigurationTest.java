package org.canal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform's public keys reach the node through configuration (docs/configuration.md,
 * docs/tokens.md): {@code jwt.jwksFile} and {@code jwt.jwksReload}, from a file or the environment; a
 * node whose JWKS file is unusable refuses to start.
 */
class JwksConfigurationTest {
    @TempDir
    Path home;

    @Test
    void theKeysComeFromFileOrEnvironmentWithTheirReloadInterval() {
        NodeOptions defaults = NodeOptionsLoader.load(true, Optional.empty(), Map.of("CANAL_HOME", home.toString()));
        assertThat(defaults.jwksFile()).isEmpty();
        assertThat(defaults.jwksReload()).isEqualTo(Duration.ofSeconds(10));

        NodeOptions configured = NodeOptionsLoader.load(true, Optional.empty(), Map.of("CANAL_HOME", home.toString(),
                "CANAL_JWT_JWKS_FILE", "/etc/canal/platform.jwks", "CANAL_JWT_JWKS_RELOAD", "500ms"));
        assertThat(configured.jwksFile()).contains(Path.of("/etc/canal/platform.jwks"));
        assertThat(configured.jwksReload()).isEqualTo(Duration.ofMillis(500));

        for (String bad : new String[] {"10", "0s", "2h", "ten seconds"}) {
            assertThatThrownBy(() -> NodeOptionsLoader.load(true, Optional.empty(), Map.of("CANAL_HOME", home.toString(),
                    "CANAL_JWT_JWKS_RELOAD", bad)))
                    .isInstanceOf(InvalidOptionException.class).hasMessageContaining("jwt.jwksReload");
        }
    }

    @Test
    void aNodeStartsWithAUsableJwksFileAndRefusesABrokenOne() throws Exception {
        Path jwks = home.resolve("platform.jwks");
        Files.writeString(jwks, "{\"keys\":[" + ecKey("platform-1") + "]}");
        Map<String, String> environment = new java.util.HashMap<>(TestNodes.devEnvironment(home));
        environment.put("CANAL_JWT_JWKS_FILE", jwks.toString());
        CanalNode node = CanalNode.start(NodeOptionsLoader.load(true, Optional.empty(), environment))
                .await(60, TimeUnit.SECONDS);
        try {
            assertThat(node.httpsPort()).isPositive();
        } finally {
            node.close().await(30, TimeUnit.SECONDS);
        }

        Files.writeString(jwks, "{\"keys\": [ {\"kty\": \"EC\"");
        Map<String, String> broken = new java.util.HashMap<>(TestNodes.devEnvironment(home));
        broken.put("CANAL_JWT_JWKS_FILE", jwks.toString());
        assertThatThrownBy(() -> CanalNode.start(NodeOptionsLoader.load(true, Optional.empty(), broken))
                .await(60, TimeUnit.SECONDS)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JWKS");
    }

    /** A public EC P-256 signing key as a JWK (RFC 7518 section 6.2.1). */
    private static String ecKey(String kid) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        ECPublicKey key = (ECPublicKey) generator.generateKeyPair().getPublic();
        return "{\"kty\":\"EC\",\"crv\":\"P-256\",\"use\":\"sig\",\"alg\":\"ES256\",\"kid\":\"" + kid + "\",\"x\":\""
                + coordinate(key.getW().getAffineX()) + "\",\"y\":\"" + coordinate(key.getW().getAffineY()) + "\"}";
    }

    private static String coordinate(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] fixed = new byte[32];
        int from = Math.max(0, bytes.length - 32);
        System.arraycopy(bytes, from, fixed, 32 - (bytes.length - from), bytes.length - from);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(fixed, 32));
    }
}

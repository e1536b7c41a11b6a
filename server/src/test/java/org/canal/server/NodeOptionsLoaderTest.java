package org.canal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeOptionsLoaderTest {
    @TempDir
    Path dir;

    @Test
    void devDefaultsListenOnAndAdvertiseLoopbackWithSelfSignedTlsAndGeneratedSecret() {
        NodeOptions options = NodeOptionsLoader.load(true, Optional.empty(), Map.of("HOME", dir.toString()));
        assertThat(options.devMode()).isTrue();
        assertThat(options.httpsHost()).isEqualTo("127.0.0.1");
        assertThat(options.httpsPort()).isEqualTo(8443);
        assertThat(options.media().bindAddress()).isEqualTo("127.0.0.1");
        assertThat(options.media().advertisedAddresses()).containsExactly("127.0.0.1");
        assertThat(options.media().port()).isZero();
        assertThat(options.media().loops()).isEqualTo(1);
        assertThat(options.selfSignedTls()).isTrue();
        assertThat(options.jwtSecret()).isInstanceOf(JwtSecretSource.DevGenerated.class);
        assertThat(options.diagnostics()).isTrue();
        assertThat(options.canalHome()).isEqualTo(dir.resolve(".canal"));
        assertThat(options.publicHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void productionRefusesToStartWithoutCertificateOrSecret() throws Exception {
        assertThatThrownBy(() -> NodeOptionsLoader.load(false, Optional.empty(), Map.of()))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("tls.certFile");
        Path cert = Files.writeString(dir.resolve("cert.pem"), "x");
        Path key = Files.writeString(dir.resolve("key.pem"), "x");
        assertThatThrownBy(() -> NodeOptionsLoader.load(false, Optional.empty(),
                Map.of("CANAL_TLS_CERT_FILE", cert.toString(), "CANAL_TLS_KEY_FILE", key.toString())))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("CANAL_JWT_SECRET");
    }

    @Test
    void productionWithCertificateAndSecretListensOnAllAndLinksToFirstAdvertisedAddress() throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "x");
        Path key = Files.writeString(dir.resolve("key.pem"), "x");
        NodeOptions options = NodeOptionsLoader.load(false, Optional.empty(), Map.of(
                "CANAL_TLS_CERT_FILE", cert.toString(), "CANAL_TLS_KEY_FILE", key.toString(),
                "CANAL_JWT_SECRET", "s".repeat(40), "CANAL_MEDIA_ADVERTISED", "192.0.2.10, 2001:db8::1"));
        assertThat(options.httpsHost()).isEqualTo("0.0.0.0");
        assertThat(options.httpsPort()).isEqualTo(443);
        assertThat(options.diagnostics()).isFalse();
        assertThat(options.media().advertisedAddresses()).containsExactly("192.0.2.10", "2001:db8::1");
        assertThat(options.publicHost()).isEqualTo("192.0.2.10");
        assertThat(options.jwtSecret().secret(dir)).hasSize(40);
        // No admin key configured: no admin API; the cluster stays on loopback under the name "canal".
        assertThat(options.adminKey()).isInstanceOf(AdminKeySource.None.class);
        assertThat(options.cluster().clusterName()).isEqualTo("canal");
        assertThat(options.cluster().bindAddress()).isEqualTo("127.0.0.1");
        assertThat(options.cluster().members()).containsExactly("127.0.0.1");
        // browsers in a P2P call behind NATs need their server-reflexive candidates: the node's own STUN
        assertThat(options.ice().stunSelf()).isTrue();
        assertThat(NodeOptionsLoader.load(true, Optional.empty(), Map.of("HOME", dir.toString())).ice().stunSelf())
                .as("dev mode is loopback only: nothing to learn").isFalse();
    }

    @Test
    void metricsAreOnLoopbackPort9464InProductionOffInDevAndNeverOnTheHttpsPort() throws Exception {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "x");
        Path key = Files.writeString(dir.resolve("key.pem"), "x");
        Map<String, String> production = Map.of("CANAL_TLS_CERT_FILE", cert.toString(), "CANAL_TLS_KEY_FILE", key.toString(),
                "CANAL_JWT_SECRET", "s".repeat(40));
        assertThat(NodeOptionsLoader.load(false, Optional.empty(), production).metrics())
                .hasValue(new NodeOptions.MetricsSettings("127.0.0.1", 9464));
        assertThat(NodeOptionsLoader.load(true, Optional.empty(), Map.of("HOME", dir.toString())).metrics()).isEmpty();

        Map<String, String> env = new java.util.HashMap<>(production);
        env.put("CANAL_METRICS_HOST", "10.0.0.5");
        env.put("CANAL_METRICS_PORT", "9100");
        assertThat(NodeOptionsLoader.load(false, Optional.empty(), env).metrics())
                .hasValue(new NodeOptions.MetricsSettings("10.0.0.5", 9100));
        env.put("CANAL_METRICS_PORT", "OFF");
        assertThat(NodeOptionsLoader.load(false, Optional.empty(), env).metrics()).isEmpty();
        env.put("CANAL_METRICS_PORT", "443");
        assertThatThrownBy(() -> NodeOptionsLoader.load(false, Optional.empty(), env))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("metrics.port").hasMessageContaining("HTTPS");
        env.put("CANAL_METRICS_PORT", "ninety");
        assertThatThrownBy(() -> NodeOptionsLoader.load(false, Optional.empty(), env))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("metrics.port");
        env.put("CANAL_METRICS_PORT", "70000");
        assertThatThrownBy(() -> NodeOptionsLoader.load(false, Optional.empty(), env))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("metrics.port");
        env.put("CANAL_METRICS_PORT", "9464");
        env.put("CANAL_METRICS_HOST", "metrics.example");
        assertThatThrownBy(() -> NodeOptionsLoader.load(false, Optional.empty(), env))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("metrics.host");
    }

    @Test
    void clusterAndAdminKeySettingsComeFromTheEnvironmentAndAreChecked() {
        NodeOptions dev = NodeOptionsLoader.load(true, Optional.empty(), Map.of("HOME", dir.toString()));
        assertThat(dev.cluster().clusterName()).startsWith("canal-dev-");
        assertThat(dev.adminKey()).isInstanceOf(AdminKeySource.DevGenerated.class);
        assertThat(NodeOptionsLoader.load(true, Optional.empty(), Map.of("HOME", dir.toString())).cluster().clusterName())
                .as("each dev start is a cluster of its own").isNotEqualTo(dev.cluster().clusterName());

        NodeOptions configured = NodeOptionsLoader.load(true, Optional.empty(), Map.of("HOME", dir.toString(),
                "CANAL_CLUSTER_NAME", "prod-eu", "CANAL_CLUSTER_BIND", "10.0.0.5", "CANAL_CLUSTER_PORT", "6000",
                "CANAL_CLUSTER_PORT_COUNT", "1", "CANAL_CLUSTER_MEMBERS", "10.0.0.5:6000, 10.0.0.6:6000",
                "CANAL_ADMIN_KEY", "a".repeat(32)));
        assertThat(configured.cluster().clusterName()).isEqualTo("prod-eu");
        assertThat(configured.cluster().bindAddress()).isEqualTo("10.0.0.5");
        assertThat(configured.cluster().port()).isEqualTo(6000);
        assertThat(configured.cluster().members()).containsExactly("10.0.0.5:6000", "10.0.0.6:6000");
        assertThat(configured.adminKey().key(dir)).hasValue("a".repeat(32));
        assertThat(configured.adminKey().toString()).doesNotContain("a".repeat(32));

        assertThatThrownBy(() -> NodeOptionsLoader.load(true, Optional.empty(), Map.of("CANAL_CLUSTER_BIND", "0.0.0.0")))
                .isInstanceOf(InvalidOptionException.class).hasMessageStartingWith("cluster.bind");
        assertThatThrownBy(() -> NodeOptionsLoader.load(true, Optional.empty(), Map.of("CANAL_CLUSTER_PORT", "0")))
                .isInstanceOf(InvalidOptionException.class).hasMessageStartingWith("cluster.port");
        assertThatThrownBy(() -> NodeOptionsLoader.load(true, Optional.empty(), Map.of("CANAL_ADMIN_KEY", "short")))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("at least 32");
    }

    @Test
    void jsonFileOverridesDefaultsAndEnvironmentOverridesFile() throws Exception {
        Path file = Files.writeString(dir.resolve("canal.json"), """
                {"https": {"host": "127.0.0.2", "port": 9443},
                 "media": {"port": 40000, "loops": 2, "advertised": ["127.0.0.3", "127.0.0.4"]},
                 "diagnostics": false, "node": {"id": "from-file"}}
                """);
        NodeOptions options = NodeOptionsLoader.load(true, Optional.of(file),
                Map.of("CANAL_HTTPS_PORT", "10443", "HOME", dir.toString()));
        assertThat(options.httpsHost()).isEqualTo("127.0.0.2");
        assertThat(options.httpsPort()).isEqualTo(10443);
        assertThat(options.media().port()).isEqualTo(40000);
        assertThat(options.media().loops()).isEqualTo(2);
        assertThat(options.media().advertisedAddresses()).containsExactly("127.0.0.3", "127.0.0.4");
        assertThat(options.diagnostics()).isFalse();
        assertThat(options.nodeId()).isEqualTo("from-file");
    }

    @Test
    void propertiesFileIsReadToo() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), "k".repeat(48) + "\n");
        Path file = Files.writeString(dir.resolve("canal.properties"), """
                media.bind = 127.0.0.5
                media.advertised = 127.0.0.5
                jwt.secretFile = %s
                jwt.issuer = example
                home = %s
                """.formatted(secret, dir.resolve("home")));
        NodeOptions options = NodeOptionsLoader.load(true, Optional.of(file), Map.of());
        assertThat(options.media().bindAddress()).isEqualTo("127.0.0.5");
        assertThat(options.jwtSecret()).isEqualTo(new JwtSecretSource.FromFile(secret));
        assertThat(options.jwtSecret().secret(dir)).hasSize(48);
        assertThat(options.jwtIssuer()).isEqualTo("example");
        assertThat(options.canalHome()).isEqualTo(dir.resolve("home"));
    }

    @Test
    void environmentSecretWinsOverSecretFileAndNeverShowsInText() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), "f".repeat(40));
        String value = "e".repeat(33);
        NodeOptions options = NodeOptionsLoader.load(true, Optional.empty(), Map.of(
                "CANAL_JWT_SECRET", value, "CANAL_JWT_SECRET_FILE", secret.toString(), "HOME", dir.toString()));
        assertThat(new String(options.jwtSecret().secret(dir))).isEqualTo(value);
        assertThat(options.toString()).doesNotContain(value);
    }

    @Test
    void refusesWhatCannotWork() throws Exception {
        Map<String, String> home = Map.of("HOME", dir.toString());
        assertRefused(Map.of("CANAL_HTTPS_PORT", "70000"), "https.port");
        assertRefused(Map.of("CANAL_HTTPS_PORT", "many"), "https.port");
        assertRefused(Map.of("CANAL_HTTPS_HOST", "localhost"), "https.host");
        assertRefused(Map.of("CANAL_MEDIA_ADVERTISED", "media.example.org"), "media.advertised");
        assertRefused(Map.of("CANAL_MEDIA_ADVERTISED", "0.0.0.0"), "media.advertised");
        assertRefused(Map.of("CANAL_MEDIA_ADVERTISED", " , "), "media.advertised");
        assertRefused(Map.of("CANAL_MEDIA_LOOPS", "0"), "media.loops");
        assertRefused(Map.of("CANAL_DIAGNOSTICS", "maybe"), "diagnostics");
        assertRefused(Map.of("CANAL_NODE_ID", "a b"), "node.id");
        assertRefused(Map.of("CANAL_JWT_SECRET", "short"), "CANAL_JWT_SECRET");
        assertRefused(Map.of("CANAL_JWT_SECRET_FILE", dir.resolve("missing").toString()), "jwt.secretFile");
        Path cert = Files.writeString(dir.resolve("cert.pem"), "x");
        assertRefused(Map.of("CANAL_TLS_CERT_FILE", cert.toString()), "tls.certFile");
        Path unknown = Files.writeString(dir.resolve("bad.json"), "{\"https\": {\"prot\": 1}}");
        assertThatThrownBy(() -> NodeOptionsLoader.load(true, Optional.of(unknown), home))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("https.prot");
        Path broken = Files.writeString(dir.resolve("broken.json"), "{");
        assertThatThrownBy(() -> NodeOptionsLoader.load(true, Optional.of(broken), home))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining("not valid JSON");
        Path yaml = Files.writeString(dir.resolve("canal.yaml"), "a: 1");
        assertThatThrownBy(() -> NodeOptionsLoader.load(true, Optional.of(yaml), home))
                .isInstanceOf(InvalidOptionException.class).hasMessageContaining(".json or .properties");
    }

    @Test
    void variablesAreKeysInUpperCaseWithUnderscores() {
        assertThat(NodeOptionsLoader.variableOf("tls.certFile")).isEqualTo("CANAL_TLS_CERT_FILE");
        assertThat(NodeOptionsLoader.variableOf("media.advertised")).isEqualTo("CANAL_MEDIA_ADVERTISED");
        assertThat(NodeOptionsLoader.variableOf("home")).isEqualTo("CANAL_HOME");
        assertThat(NodeOptionsLoader.KEYS.stream().map(NodeOptionsLoader::variableOf).toList())
                .doesNotHaveDuplicates().allMatch(v -> v.matches("CANAL_[A-Z][A-Z0-9_]+"));
        assertThat(List.copyOf(NodeOptionsLoader.KEYS)).contains("jwt.secretFile").doesNotContain("jwt.secret");
    }

    /** docs/turn.md: no STUN or TURN unless configured; the secret from a file or CANAL_TURN_SECRET, never printed. */
    @Test
    void turnNeedsUrlsAndASecretAndKeepsTheSecretOutOfText() throws Exception {
        NodeOptions plain = NodeOptionsLoader.load(true, Optional.empty(), Map.of("HOME", dir.toString()));
        assertThat(plain.ice()).isEqualTo(NodeOptions.IceSettings.none());
        assertThat(CanalNode.turnServers(plain.ice()).forJoined()).isEmpty();

        String secret = "a-turn-secret-from-the-environment-42";
        NodeOptions fromEnvironment = NodeOptionsLoader.load(true, Optional.empty(), Map.of("HOME", dir.toString(),
                "CANAL_STUN_SELF", "true", "CANAL_TURN_URLS", "turn:turn.example:3478?transport=udp, turns:turn.example:5349",
                "CANAL_TURN_SECRET", secret, "CANAL_TURN_TTL", "30m"));
        assertThat(fromEnvironment.ice().stunSelf()).isTrue();
        assertThat(fromEnvironment.ice().turnUrls()).containsExactly("turn:turn.example:3478?transport=udp",
                "turns:turn.example:5349");
        assertThat(fromEnvironment.ice().turnTtl()).isEqualTo(java.time.Duration.ofMinutes(30));
        assertThat(fromEnvironment.toString()).doesNotContain(secret);
        assertThat(CanalNode.turnServers(fromEnvironment.ice()).forJoined().getJsonObject(0).getString("username"))
                .matches("\\d+:[A-Za-z0-9_-]+");

        Path file = Files.writeString(dir.resolve("turn-secret"), "a-turn-secret-from-a-file-0123456\n");
        Path config = Files.writeString(dir.resolve("canal.json"), "{\"turn\": {\"urls\": [\"turn:127.0.0.1:3478\"], "
                + "\"secretFile\": \"" + file + "\"}}");
        NodeOptions fromFile = NodeOptionsLoader.load(true, Optional.of(config), Map.of("HOME", dir.toString()));
        assertThat(fromFile.ice().turnSecret().orElseThrow()).isInstanceOf(TurnSecretSource.FromFile.class);
        assertThat(fromFile.ice().turnTtl()).isEqualTo(NodeOptions.DEFAULT_TURN_TTL);
        assertThat(new String(fromFile.ice().turnSecret().orElseThrow().secret(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("a-turn-secret-from-a-file-0123456");

        assertRefused(Map.of("CANAL_TURN_URLS", "turn:127.0.0.1:3478"), "turn.secretFile");
        assertRefused(Map.of("CANAL_TURN_SECRET", secret), "turn.urls");
        assertRefused(Map.of("CANAL_TURN_URLS", "turn:127.0.0.1:3478", "CANAL_TURN_SECRET", "short"), "CANAL_TURN_SECRET");
        assertRefused(Map.of("CANAL_TURN_URLS", "turn:127.0.0.1:3478", "CANAL_TURN_SECRET", secret,
                "CANAL_TURN_TTL", "30s"), "turn.ttl");
        assertThatThrownBy(() -> CanalNode.turnServers(NodeOptionsLoader.load(true, Optional.empty(), Map.of(
                "HOME", dir.toString(), "CANAL_TURN_URLS", "http://turn.example", "CANAL_TURN_SECRET", secret)).ice()))
                .isInstanceOf(InvalidOptionException.class).hasMessageStartingWith("turn.urls");
        assertThat(NodeOptionsLoader.variableOf("turn.secretFile")).isEqualTo("CANAL_TURN_SECRET_FILE");
        assertThat(CanalNode.stunUrl("192.0.2.7", 40000)).isEqualTo("stun:192.0.2.7:40000");
        assertThat(CanalNode.stunUrl("2001:db8::7", 40000)).isEqualTo("stun:[2001:db8::7]:40000");
    }

    @Test
    void theUnloadGraceDefaultsToTenSecondsAndIsCheckedWhenSet() {
        assertThat(NodeOptionsLoader.load(true, Optional.empty(), Map.of("HOME", dir.toString())).unloadGrace())
                .isEqualTo(java.time.Duration.ofSeconds(10));
        assertThat(NodeOptionsLoader.load(true, Optional.empty(), Map.of("HOME", dir.toString(),
                "CANAL_SESSION_UNLOAD_GRACE", "5s")).unloadGrace()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertRefused(Map.of("CANAL_SESSION_UNLOAD_GRACE", "0s"), "session.unloadGrace");
        assertRefused(Map.of("CANAL_SESSION_UNLOAD_GRACE", "11m"), "session.unloadGrace");
        assertRefused(Map.of("CANAL_SESSION_UNLOAD_GRACE", "soon"), "session.unloadGrace");
    }

    @Test
    void rateLimitsHaveDefaultsAndComeFromTheEnvironment() {
        NodeOptions defaults = NodeOptionsLoader.load(true, Optional.empty(), Map.of("HOME", dir.toString()));
        assertThat(defaults.limits()).isEqualTo(NodeOptions.Limits.defaults());
        assertThat(defaults.limits().signaling().trustedProxies()).isEmpty();
        NodeOptions set = NodeOptionsLoader.load(true, Optional.empty(), Map.of("HOME", dir.toString(),
                "CANAL_LIMITS_SOCKETS", "5/1s", "CANAL_LIMITS_JOINS", "6/2s", "CANAL_LIMITS_JOINS_PER_USER", "7/3m",
                "CANAL_LIMITS_MESSAGES", "8/500ms", "CANAL_LIMITS_REDEEM", "9/1h", "CANAL_LIMITS_ADMIN_FAILURES", "3/10m",
                "CANAL_LIMITS_MAX_TRACKED_ADDRESSES", "500", "CANAL_LIMITS_TRUSTED_PROXIES", "10.0.0.1, 2001:db8::7"));
        NodeOptions.Limits limits = set.limits();
        assertThat(limits.signaling().socketsPerAddress()).hasToString("5/1s");
        assertThat(limits.signaling().joinsPerAddress()).hasToString("6/2s");
        assertThat(limits.signaling().joinsPerUser()).hasToString("7/3m");
        assertThat(limits.signaling().messagesPerSocket()).hasToString("8/500ms");
        assertThat(limits.signaling().maxTrackedKeys()).isEqualTo(500);
        assertThat(limits.signaling().trustedProxies()).containsExactly("10.0.0.1", "2001:db8::7");
        assertThat(limits.invitesRedeem()).hasToString("9/1h");
        assertThat(limits.adminKeyFailures()).hasToString("3/10m");

        assertRefused(Map.of("CANAL_LIMITS_SOCKETS", "60"), "limits.sockets");
        assertRefused(Map.of("CANAL_LIMITS_MESSAGES", "0/1s"), "limits.messages");
        assertRefused(Map.of("CANAL_LIMITS_REDEEM", "10/1d"), "limits.redeem");
        assertRefused(Map.of("CANAL_LIMITS_TRUSTED_PROXIES", "proxy.example"), "limits.trustedProxies");
        assertRefused(Map.of("CANAL_LIMITS_MAX_TRACKED_ADDRESSES", "5"), "limits.maxTrackedAddresses");
    }

    private void assertRefused(Map<String, String> environment, String key) {
        Map<String, String> withHome = new java.util.HashMap<>(environment);
        withHome.put("HOME", dir.toString());
        assertThatThrownBy(() -> NodeOptionsLoader.load(true, Optional.empty(), withHome))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageStartingWith(key);
    }
}

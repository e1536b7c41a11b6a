package org.canal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.canal.signaling.P2pMode;
import org.canal.signaling.P2pOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code p2p.*} keys (docs/configuration.md): the channels' default P2P policy and the switching
 * delays, from defaults, a config file or the environment, each checked at start-up.
 */
class P2pConfigurationTest {
    @TempDir
    Path home;

    @Test
    void theDefaultsAreDirectWithThreeAndFifteenSeconds() {
        P2pOptions p2p = NodeOptionsLoader.load(true, Optional.empty(), Map.of("CANAL_HOME", home.toString())).p2p();
        assertThat(p2p).isEqualTo(new P2pOptions(P2pMode.DIRECT, Duration.ofSeconds(3), Duration.ofSeconds(15), false));
        assertThat(p2p).isEqualTo(P2pOptions.DEFAULTS);
    }

    @Test
    void aFileAndTheEnvironmentSetThem() throws Exception {
        Path file = home.resolve("canal.json");
        Files.writeString(file, "{\"p2p\": {\"mode\": \"relay\", \"returnDelay\": \"500ms\"}}");
        P2pOptions p2p = NodeOptionsLoader.load(true, Optional.of(file), Map.of("CANAL_HOME", home.toString(),
                "CANAL_P2P_SWITCH_TIMEOUT", "1m")).p2p();
        assertThat(p2p.mode()).isEqualTo(P2pMode.RELAY);
        assertThat(p2p.returnDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(p2p.switchTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(p2p.turnAvailable()).as("set by the TURN configuration, not a key").isFalse();

        assertThat(NodeOptionsLoader.load(true, Optional.empty(), Map.of("CANAL_HOME", home.toString(),
                "CANAL_P2P_MODE", "OFF", "CANAL_P2P_RETURN_DELAY", "0s")).p2p())
                .isEqualTo(new P2pOptions(P2pMode.OFF, Duration.ZERO, Duration.ofSeconds(15), false));
    }

    @Test
    void badValuesRefuseToStartNamingTheKey() {
        Map<String, String> bad = Map.of("CANAL_P2P_MODE", "turn", "CANAL_P2P_RETURN_DELAY", "2m",
                "CANAL_P2P_SWITCH_TIMEOUT", "50ms");
        bad.forEach((variable, value) -> assertThatThrownBy(() -> NodeOptionsLoader.load(true, Optional.empty(),
                Map.of("CANAL_HOME", home.toString(), variable, value)))
                .isInstanceOf(InvalidOptionException.class)
                .hasMessageContaining(variable.equals("CANAL_P2P_MODE") ? "p2p.mode"
                        : variable.equals("CANAL_P2P_RETURN_DELAY") ? "p2p.returnDelay" : "p2p.switchTimeout"));
    }
}

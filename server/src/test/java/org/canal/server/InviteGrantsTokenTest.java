package org.canal.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.canal.signaling.Grants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The grants an invite gives (docs/invites.md) travel in the join token it is redeemed for (docs/tokens.md). */
class InviteGrantsTokenTest {
    @TempDir
    Path home;

    @Test
    void aListenOnlyInviteMintsAListenOnlyToken() {
        Grants grants = grantsOf(minter().join("guest-1", "srv", "chan", List.of("join", "subscribe"), Duration.ofMinutes(2)));
        assertThat(grants).isEqualTo(Grants.LISTENER);
    }

    @Test
    void everyGrantNameMapsToItsClaim() {
        Grants grants = grantsOf(minter().join("guest-2", "srv", "chan",
                List.of("join", "publish:audio", "publish:screen", "subscribe", "moderate"), Duration.ofMinutes(2)));
        assertThat(grants).isEqualTo(new Grants(true, EnumSet.of(Grants.Publish.AUDIO, Grants.Publish.SCREEN), true, true));
    }

    @Test
    void aRedeemedTokenSaysItCameFromAnInviteSoInviteOnlyChannelsAdmitIt() {
        String jwt = minter().join("guest-4", "srv", "chan", List.of("join", "subscribe"), Duration.ofMinutes(2));
        assertThat(claims(jwt).getString("via")).isEqualTo("invite");
        assertThat(claims(minter().join("user-5", "srv", "chan", Duration.ofMinutes(2))).containsKey("via")).isFalse();
    }

    @Test
    void devModeAppendsTheAuditLogBesideItsSecretUnlessConfigured() {
        assertThat(NodeOptionsLoader.load(true, Optional.empty(), Map.of("CANAL_HOME", home.toString())).auditFile())
                .contains(home.resolve("audit.log"));
        assertThat(NodeOptionsLoader.load(true, Optional.empty(), Map.of("CANAL_HOME", home.toString(),
                "CANAL_AUDIT_FILE", "/var/log/canal/audit.log")).auditFile()).contains(Path.of("/var/log/canal/audit.log"));
    }

    @Test
    void withoutJoinTheTokenCannotJoin() {
        assertThat(grantsOf(minter().join("guest-3", "srv", "chan", List.of("subscribe"), Duration.ofMinutes(2))).join())
                .isFalse();
    }

    private TokenMinter minter() {
        return CanalNode.tokenMinter(NodeOptionsLoader.load(true, Optional.empty(), Map.of("CANAL_HOME", home.toString())));
    }

    private static Grants grantsOf(String jwt) {
        return Grants.fromJson(claims(jwt).getJsonObject("grants"));
    }

    private static JsonObject claims(String jwt) {
        String payload = jwt.split("\\.")[1];
        return new JsonObject(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
    }
}

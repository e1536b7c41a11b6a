package org.canal.signaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.canal.protocol.crypto.HmacSha1;
import org.junit.jupiter.api.Test;

/**
 * The TURN REST API credential (draft-uberti-behave-turn-rest-00 section 2.2, coturn's
 * {@code use-auth-secret}): username {@code <expiry>:<id>}, password base64(HMAC-SHA1(secret, username)).
 * Real coturn accepting and refusing them is {@code TurnServerIT} in the server module.
 */
class TurnCredentialsTest {
    private static final byte[] SECRET = "north-wind-turn-secret-0123".getBytes(StandardCharsets.UTF_8);

    /** A known answer computed outside Java (Python's hmac module) for this secret and username. */
    @Test
    void passwordIsBase64OfHmacSha1OfTheUsername() {
        TurnCredentials credentials = new TurnCredentials(SECRET, Duration.ofHours(1), Clock.systemUTC());

        TurnCredentials.Credential c = credentials.mintExpiringAt(Instant.ofEpochSecond(1_764_000_000L), "Zm9vYmFyYmF6");

        assertThat(c.username()).isEqualTo("1764000000:Zm9vYmFyYmF6");
        assertThat(c.password()).isEqualTo("GChSymh8AV1qbJp6NRZruXUQo2M=");
        // and the protocol core's own HMAC-SHA1 (RFC 2104) agrees with the JDK's
        byte[] mac = new byte[HmacSha1.LENGTH];
        HmacSha1 core = new HmacSha1(SECRET, 0, SECRET.length);
        byte[] username = c.username().getBytes(StandardCharsets.UTF_8);
        core.start();
        core.update(username, 0, username.length);
        core.finish(mac, 0);
        assertThat(c.password()).isEqualTo(Base64.getEncoder().encodeToString(mac));
    }

    @Test
    void expiryIsTtlFromNowRoundedUpToASecond() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-25T10:00:00.250Z"), ZoneOffset.UTC);
        TurnCredentials credentials = new TurnCredentials(SECRET, Duration.ofHours(1), clock);

        TurnCredentials.Credential c = credentials.mint("abc");

        assertThat(c.expiry()).isEqualTo(Instant.parse("2026-11-25T11:00:01Z"));
        assertThat(c.username()).isEqualTo(c.expiry().getEpochSecond() + ":abc");
    }

    @Test
    void weakSecretsOddTtlsAndIdsWithTheSeparatorAreRefused() {
        Clock clock = Clock.systemUTC();
        assertThatThrownBy(() -> new TurnCredentials("short".getBytes(StandardCharsets.UTF_8), Duration.ofHours(1), clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 20");
        assertThatThrownBy(() -> new TurnCredentials(SECRET, Duration.ofSeconds(59), clock))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TurnCredentials(SECRET, Duration.ofDays(2), clock))
                .isInstanceOf(IllegalArgumentException.class);
        TurnCredentials credentials = new TurnCredentials(SECRET, Duration.ofHours(1), clock);
        assertThatThrownBy(() -> credentials.mint("a:b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> credentials.mint("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSecretAndPasswordsStayOutOfText() {
        TurnCredentials credentials = new TurnCredentials(SECRET, Duration.ofHours(1), Clock.systemUTC());
        TurnCredentials.Credential c = credentials.mint("abc");
        IceServers servers = new IceServers(java.util.List.of(), java.util.List.of("turn:127.0.0.1:3478"), credentials);

        assertThat(credentials.toString()).doesNotContain(new String(SECRET, StandardCharsets.UTF_8));
        assertThat(servers.toString()).doesNotContain(new String(SECRET, StandardCharsets.UTF_8));
        assertThat(c.toString()).doesNotContain(c.password()).contains(c.username());
    }
}

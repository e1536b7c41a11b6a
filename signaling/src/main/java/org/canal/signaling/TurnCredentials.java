package org.canal.signaling;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived TURN credentials under a secret shared with the TURN server: the "TURN REST API" scheme
 * (draft-uberti-behave-turn-rest-00 section 2.2) that coturn's {@code use-auth-secret} implements.
 * The username is {@code <expiry in Unix seconds>:<opaque id>}; the password is
 * base64(HMAC-SHA1(secret, username)). The TURN server recomputes the password from the username and
 * refuses a username whose expiry has passed, so nothing is stored or exchanged per credential.
 *
 * <p>The opaque id ends up in the TURN server's logs: callers pass a random id, never a participant id
 * or anything personal (docs/turn.md). Thread-safe; the secret never appears in {@link #toString()}.
 */
public final class TurnCredentials {
    /** HMAC keys shorter than the hash's output are refused (RFC 2104 section 3; SHA-1: 20 bytes). */
    public static final int MIN_SECRET_LENGTH = 20;
    public static final Duration MIN_TTL = Duration.ofMinutes(1);
    public static final Duration MAX_TTL = Duration.ofDays(1);

    private final SecretKeySpec key;
    private final Duration ttl;
    private final Clock clock;

    /** One credential, as an RTCIceServer carries it ({@code username}, {@code credential}). */
    public record Credential(String username, String password, Instant expiry) {
        @Override
        public String toString() {
            return "Credential[username=" + username + ", password=(hidden), expiry=" + expiry + "]";
        }
    }

    /**
     * @param secret the shared secret's bytes (coturn's {@code static-auth-secret} as UTF-8)
     * @param ttl    how long a credential is valid: 1 minute to 1 day
     * @param clock  the clock expiries are counted from
     */
    public TurnCredentials(byte[] secret, Duration ttl, Clock clock) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("the TURN secret must be at least " + MIN_SECRET_LENGTH + " bytes");
        }
        if (ttl == null || ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("the TURN credential ttl must be between 1 minute and 1 day");
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA1");
        this.ttl = ttl;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Duration ttl() {
        return ttl;
    }

    /** A credential for {@code opaqueId} that expires {@link #ttl()} from now (rounded up to a second). */
    public Credential mint(String opaqueId) {
        Instant now = clock.instant();
        long expiry = now.plus(ttl).getEpochSecond() + (now.getNano() > 0 ? 1 : 0);
        return mintExpiringAt(Instant.ofEpochSecond(expiry), opaqueId);
    }

    /** A credential with a given expiry: for tests, and for callers that align expiries. */
    public Credential mintExpiringAt(Instant expiry, String opaqueId) {
        if (opaqueId == null || opaqueId.isEmpty() || opaqueId.indexOf(':') >= 0) {
            // coturn reads the expiry up to the first ':' (its rest-api-separator)
            throw new IllegalArgumentException("the opaque id must be non-empty and contain no ':'");
        }
        String username = expiry.getEpochSecond() + ":" + opaqueId;
        return new Credential(username, password(username), expiry);
    }

    private String password(String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(key);
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform provides HmacSHA1", e);
        }
    }

    @Override
    public String toString() {
        return "TurnCredentials[secret=(hidden), ttl=" + ttl + "]";
    }
}

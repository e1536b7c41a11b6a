package org.canal.signaling;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.canal.signaling.impl.JwkSet;

/**
 * The keys join tokens are verified with (docs/tokens.md, "Keys"): an HS256 shared secret, public keys
 * from a JWKS file, or both. Code that takes a {@code TokenKeys} need not know which.
 */
public sealed interface TokenKeys {

    /** The JWS algorithm names (RFC 7518 section 3.1) these keys may verify; every other {@code alg} is refused. */
    Set<String> algorithms();

    /** An HS256 secret (RFC 7518 section 3.2), at least 32 bytes, for tokens without a {@code kid}. */
    static Hs256 hs256(byte[] secret) {
        return new Hs256(null, secret);
    }

    /**
     * An HS256 secret for tokens without a {@code kid} or with this {@code kid} (which must then not
     * also name a key of the JWKS).
     */
    static Hs256 hs256(String kid, byte[] secret) {
        return new Hs256(Objects.requireNonNull(kid, "kid"), secret);
    }

    /**
     * Public keys (ES256 on P-256, RS256 of at least 2048 bits) from the JWKS file {@code file}
     * (RFC 7517 section 5), each selected by the token's {@code kid}; the file is re-read every
     * {@code reloadInterval} and when a token names an unknown {@code kid}. The file is read once
     * now, so that a node with a bad file refuses to start.
     *
     * @throws IllegalArgumentException when the file cannot be read, is not a JWKS, or holds no usable key
     */
    static Jwks jwks(Path file, Duration reloadInterval) {
        return new Jwks(file, reloadInterval, null);
    }

    /**
     * The public keys of {@link #jwks(Path, Duration)} and an HS256 secret beside them (e.g. for dev
     * tokens while a platform moves to public keys). The file may then hold no usable key yet.
     */
    static Jwks jwks(Path file, Duration reloadInterval, Hs256 hs256) {
        return new Jwks(file, reloadInterval, Objects.requireNonNull(hs256, "hs256"));
    }

    /** An HMAC-SHA-256 shared secret, with an optional key id. Its text form never shows the secret. */
    final class Hs256 implements TokenKeys {
        public static final int MIN_SECRET_BYTES = 32;
        private final String kid;
        private final byte[] secret;

        private Hs256(String kid, byte[] secret) {
            if (secret == null || secret.length < MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("an HS256 secret needs at least " + MIN_SECRET_BYTES + " bytes");
            }
            if (kid != null && !JwkSet.isValidKid(kid)) {
                throw new IllegalArgumentException("a kid must be 1-" + JwkSet.MAX_KID_CHARS + " printable ASCII characters");
            }
            this.kid = kid;
            this.secret = secret.clone();
        }

        /** A copy of the secret. */
        public byte[] secret() {
            return secret.clone();
        }

        /** The {@code kid} tokens may name this secret by, besides naming none. */
        public Optional<String> kid() {
            return Optional.ofNullable(kid);
        }

        @Override
        public Set<String> algorithms() {
            return Set.of("HS256");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Hs256 other && Objects.equals(kid, other.kid)
                    && java.security.MessageDigest.isEqual(secret, other.secret);
        }

        @Override
        public int hashCode() {
            return 31 * Objects.hashCode(kid) + Arrays.hashCode(secret);
        }

        @Override
        public String toString() {
            return "Hs256[kid=" + kid + ", secret=(" + secret.length + " bytes, hidden)]";
        }
    }

    /**
     * A JWKS file of public keys, re-read while the node runs, and optionally an HS256 secret beside it.
     */
    final class Jwks implements TokenKeys {
        public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(10);
        public static final Duration MIN_RELOAD_INTERVAL = Duration.ofMillis(100);
        public static final Duration MAX_RELOAD_INTERVAL = Duration.ofHours(1);

        private final Path file;
        private final Duration reloadInterval;
        private final Hs256 secret;

        private Jwks(Path file, Duration reloadInterval, Hs256 secret) {
            Objects.requireNonNull(file, "file");
            if (reloadInterval == null || reloadInterval.compareTo(MIN_RELOAD_INTERVAL) < 0
                    || reloadInterval.compareTo(MAX_RELOAD_INTERVAL) > 0) {
                throw new IllegalArgumentException("the JWKS reload interval must be between 100 ms and 1 hour");
            }
            JwkSet keys = JwkSet.read(file);
            if (keys.keys().isEmpty() && secret == null) {
                throw new IllegalArgumentException("the JWKS file " + file + " holds no usable key: "
                        + String.join("; ", keys.problems()));
            }
            if (secret != null && secret.kid != null && keys.keys().containsKey(secret.kid)) {
                throw new IllegalArgumentException("the HS256 secret's kid '" + secret.kid + "' also names a key in " + file);
            }
            this.file = file;
            this.reloadInterval = reloadInterval;
            this.secret = secret;
        }

        public Path file() {
            return file;
        }

        public Duration reloadInterval() {
            return reloadInterval;
        }

        public Optional<Hs256> hs256() {
            return Optional.ofNullable(secret);
        }

        @Override
        public Set<String> algorithms() {
            return secret == null ? Set.of("ES256", "RS256") : Set.of("ES256", "RS256", "HS256");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Jwks other && file.equals(other.file) && reloadInterval.equals(other.reloadInterval)
                    && Objects.equals(secret, other.secret);
        }

        @Override
        public int hashCode() {
            return Objects.hash(file, reloadInterval, secret);
        }

        @Override
        public String toString() {
            return "Jwks[file=" + file + ", reloadInterval=" + reloadInterval + ", hs256=" + secret + "]";
        }
    }
}

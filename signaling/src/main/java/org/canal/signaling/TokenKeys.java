package org.canal.signaling;

import java.util.Arrays;

/**
 * The keys join tokens are verified with. Issue 3 has one kind, an HS256 shared secret; issue 4 adds
 * public keys (a JWKS) as another implementation, so code that takes a {@code TokenKeys} need not change.
 */
public sealed interface TokenKeys {

    /** The JWS algorithm names (RFC 7518 section 3.1) these keys verify; every other {@code alg} is refused. */
    java.util.Set<String> algorithms();

    /** An HS256 secret (RFC 7518 section 3.2): at least 32 bytes, the size of the SHA-256 output. */
    static TokenKeys hs256(byte[] secret) {
        return new Hs256(secret);
    }

    /** An HMAC-SHA-256 shared secret. Its text form never shows the secret. */
    final class Hs256 implements TokenKeys {
        public static final int MIN_SECRET_BYTES = 32;
        private final byte[] secret;

        private Hs256(byte[] secret) {
            if (secret == null || secret.length < MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("an HS256 secret needs at least " + MIN_SECRET_BYTES + " bytes");
            }
            this.secret = secret.clone();
        }

        /** A copy of the secret. */
        public byte[] secret() {
            return secret.clone();
        }

        @Override
        public java.util.Set<String> algorithms() {
            return java.util.Set.of("HS256");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Hs256 other && java.security.MessageDigest.isEqual(secret, other.secret);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(secret);
        }

        @Override
        public String toString() {
            return "Hs256[secret=(" + secret.length + " bytes, hidden)]";
        }
    }
}

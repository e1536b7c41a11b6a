package org.canal.cluster.invites;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Invite secrets and the hash that stands for them in the map. A secret is 256 random bits, so a fast
 * hash is enough to make the stored value useless to whoever reads the map: there is no dictionary to
 * try, and 2^256 guesses are out of reach at any speed (docs/invites.md says more).
 */
final class InviteSecrets {
    /** 32 bytes in unpadded base64url. */
    static final int SECRET_LENGTH = 43;
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{" + SECRET_LENGTH + "}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private InviteSecrets() {}

    static String newSecret() {
        return random(32);
    }

    /** An invite's public id: 128 random bits, unrelated to its secret. */
    static String newId() {
        return "inv_" + random(16);
    }

    static boolean wellFormed(String secret) {
        return secret != null && FORMAT.matcher(secret).matches();
    }

    /** The map key of a secret: {@code sha256:} and the hex SHA-256 of its text. */
    static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return BASE64URL.encodeToString(b);
    }
}

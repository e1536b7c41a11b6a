package org.canal.signaling.impl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-256 that stands for a resume secret in the session directory. The secret is 256 random bits,
 * so a fast hash is enough: there is nothing to guess from the hash. Hashes are compared in constant
 * time, so the time a wrong secret takes to refuse tells nothing about the right one.
 */
final class ResumeHashes {
    private ResumeHashes() {}

    /** The lowercase hex SHA-256 of the secret's UTF-8 bytes. */
    static String of(String secret) {
        return HexFormat.of().formatHex(digest(secret));
    }

    /** Whether {@code secret} hashes to {@code storedHash} (64 hex characters). */
    static boolean matches(String storedHash, String secret) {
        byte[] stored;
        try {
            stored = HexFormat.of().parseHex(storedHash);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(stored, digest(secret));
    }

    private static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

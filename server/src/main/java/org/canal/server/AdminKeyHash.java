package org.canal.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * The admin key as the node keeps it: an Argon2id hash (RFC 9106) with a random salt, made once at
 * start. A presented key is hashed the same way and compared in constant time, so neither the key nor
 * a fast hash of it stays in the node's memory, and timing says nothing about how close a guess was.
 *
 * <p>Parameters: 19 MiB, 2 passes, 1 lane (OWASP's Argon2id baseline). Checking costs tens of
 * milliseconds of CPU: callers run it on a worker thread, never on an event loop.
 */
public final class AdminKeyHash {
    static final int MEMORY_KIB = 19 * 1024;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    static final int HASH_BYTES = 32;
    /** Longer presented keys are refused unhashed: no key is this long, and hashing is the cost. */
    static final int MAX_PRESENTED_LENGTH = 512;

    private final byte[] salt;
    private final byte[] hash;

    private AdminKeyHash(byte[] salt, byte[] hash) {
        this.salt = salt;
        this.hash = hash;
    }

    /** Hashes the configured key with a fresh salt. */
    public static AdminKeyHash of(String key) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return new AdminKeyHash(salt, argon2id(salt, key));
    }

    /** Whether {@code presented} is the key; blocking (see the class comment). */
    public boolean matches(String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > MAX_PRESENTED_LENGTH) {
            return false;
        }
        return MessageDigest.isEqual(hash, argon2id(salt, presented));
    }

    private static byte[] argon2id(byte[] salt, String key) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt).withMemoryAsKB(MEMORY_KIB).withIterations(ITERATIONS).withParallelism(PARALLELISM).build());
        byte[] out = new byte[HASH_BYTES];
        generator.generateBytes(key.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }

    @Override
    public String toString() {
        return "AdminKeyHash[argon2id]";
    }
}

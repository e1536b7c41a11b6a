package org.canal.protocol.crypto;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * HMAC-SHA1 (RFC 2104) for one key, over one reused JCE SHA-1 digest. Used by STUN's
 * MESSAGE-INTEGRITY (RFC 8489 section 14.5) and SRTP's authentication tag (RFC 3711 section 4.2.1).
 *
 * <p>Why not {@code javax.crypto.Mac}: on JDK 17 (SunJCE) {@code Mac.doFinal(byte[], int)} returns
 * through a fresh array, 40 bytes allocated per call (measured with the thread allocation counter),
 * while {@code MessageDigest.digest(byte[], int, int)} writes into the caller's array. The work is
 * the same as JCE's own HMAC (both padded keys are hashed per message), the SHA-1 is JCE's with its
 * intrinsics, and nothing is allocated. {@code HmacSha1Test} checks it against {@code Mac}.
 *
 * <p>One thread at a time: the digest holds state between {@link #start()} and {@link #finish}.
 */
public final class HmacSha1 {
    public static final int LENGTH = 20;
    private static final int BLOCK = 64;
    private static final byte IPAD = 0x36;
    private static final byte OPAD = 0x5C;

    private final MessageDigest sha1 = sha1();
    private final byte[] innerKey = new byte[BLOCK];
    private final byte[] outerKey = new byte[BLOCK];
    private final byte[] innerHash = new byte[LENGTH];

    public HmacSha1(byte[] key) {
        this(key, 0, key.length);
    }

    public HmacSha1(byte[] key, int off, int len) {
        byte[] k = len > BLOCK ? shortened(key, off, len) : Arrays.copyOfRange(key, off, off + len);
        for (int i = 0; i < BLOCK; i++) {
            byte b = i < k.length ? k[i] : 0;
            innerKey[i] = (byte) (b ^ IPAD);
            outerKey[i] = (byte) (b ^ OPAD);
        }
        Arrays.fill(k, (byte) 0);
    }

    /** Begins a MAC: feeds the inner padded key. */
    public void start() {
        sha1.reset();
        sha1.update(innerKey, 0, BLOCK);
    }

    public void update(byte[] b, int off, int len) {
        sha1.update(b, off, len);
    }

    public void update(byte b) {
        sha1.update(b);
    }

    /** Writes the 20-byte MAC at {@code out[off, off + 20)}; the caller guarantees the room. */
    public void finish(byte[] out, int off) {
        try {
            sha1.digest(innerHash, 0, LENGTH);
            sha1.update(outerKey, 0, BLOCK);
            sha1.update(innerHash, 0, LENGTH);
            sha1.digest(out, off, LENGTH);
        } catch (DigestException e) {
            throw new IllegalArgumentException("no room for a 20-byte MAC at " + off, e);
        }
    }

    /** RFC 2104 section 2: keys longer than the block are hashed first. */
    private static byte[] shortened(byte[] key, int off, int len) {
        MessageDigest md = sha1();
        md.update(key, off, len);
        return md.digest();
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-1", e);
        }
    }
}

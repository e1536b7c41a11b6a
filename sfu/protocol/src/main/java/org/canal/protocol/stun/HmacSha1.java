package org.canal.protocol.stun;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * HMAC-SHA1 (RFC 2104) over two reused JCE SHA-1 digests, for one key.
 *
 * <p>Why not {@code javax.crypto.Mac}: on JDK 17 (SunJCE) {@code Mac.doFinal(byte[], int)} returns
 * through a fresh 20-byte array, 40 bytes allocated per call (measured with the thread allocation
 * counter), while {@code MessageDigest.digest(byte[], int, int)} writes into the caller's array and
 * allocates nothing. Building the two HMAC passes on {@code MessageDigest} keeps the JDK's SHA-1
 * intrinsics and makes a STUN integrity check allocation-free. {@code HmacSha1Test} cross-checks the
 * result against {@code Mac}.
 *
 * <p>One thread at a time: the digests hold state between {@link #start()} and {@link #finish}.
 */
final class HmacSha1 {
    static final int LENGTH = 20;
    private static final int BLOCK = 64;
    private static final byte IPAD = 0x36;
    private static final byte OPAD = 0x5C;

    private final MessageDigest inner = sha1();
    private final MessageDigest outer = sha1();
    private final byte[] innerKey = new byte[BLOCK];
    private final byte[] outerKey = new byte[BLOCK];
    private final byte[] innerHash = new byte[LENGTH];

    HmacSha1(byte[] key, int off, int len) {
        byte[] k = len > BLOCK ? shortened(key, off, len) : java.util.Arrays.copyOfRange(key, off, off + len);
        for (int i = 0; i < BLOCK; i++) {
            byte b = i < k.length ? k[i] : 0;
            innerKey[i] = (byte) (b ^ IPAD);
            outerKey[i] = (byte) (b ^ OPAD);
        }
    }

    /** Begins a MAC: feeds the inner padded key. */
    void start() {
        inner.reset();
        inner.update(innerKey);
    }

    void update(byte[] b, int off, int len) {
        inner.update(b, off, len);
    }

    void update(byte b) {
        inner.update(b);
    }

    /** Writes the 20-byte MAC at {@code out[off..off+20)}. */
    void finish(byte[] out, int off) {
        try {
            inner.digest(innerHash, 0, LENGTH);
            outer.reset();
            outer.update(outerKey);
            outer.update(innerHash);
            outer.digest(out, off, LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException("a 20-byte buffer always holds a SHA-1 digest", e);
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

package org.canal.protocol.srtp;

import java.security.DigestException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * HMAC-SHA1 (RFC 2104) for the SRTP auth tag (RFC 3711 section 4.2.1), over a reused JCE
 * {@link MessageDigest}.
 *
 * <p>Why not {@code javax.crypto.Mac}: its {@code doFinal} returns a fresh array (and HmacCore
 * allocates another for the inner hash) on every call, while {@code MessageDigest.digest(buf, off,
 * len)} writes into the caller's array. The work is the same as JCE's HmacCore (both pads are
 * hashed per message) and the SHA-1 is JCE's, intrinsics included; this allocates nothing.
 *
 * <p>One thread at a time.
 */
final class HmacSha1 {
    static final int LENGTH = 20;
    private static final int BLOCK = 64;
    private static final byte INNER = 0x36;
    private static final byte OUTER = 0x5c;

    private final MessageDigest sha1;
    private final byte[] innerPad = new byte[BLOCK];
    private final byte[] outerPad = new byte[BLOCK];
    private final byte[] innerHash = new byte[LENGTH];

    HmacSha1(byte[] key) {
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JCE has no SHA-1", e);
        }
        byte[] k = key.length > BLOCK ? sha1.digest(key) : key;
        for (int i = 0; i < BLOCK; i++) {
            byte b = i < k.length ? k[i] : 0;
            innerPad[i] = (byte) (b ^ INNER);
            outerPad[i] = (byte) (b ^ OUTER);
        }
    }

    void start() {
        sha1.reset();
        sha1.update(innerPad, 0, BLOCK);
    }

    void update(byte[] b, int off, int len) {
        sha1.update(b, off, len);
    }

    /** Writes the 20-byte MAC to {@code out[0, 20)}; false only if JCE refused (it does not). */
    boolean finish(byte[] out) {
        try {
            sha1.digest(innerHash, 0, LENGTH);
            sha1.update(outerPad, 0, BLOCK);
            sha1.update(innerHash, 0, LENGTH);
            sha1.digest(out, 0, LENGTH);
            return true;
        } catch (DigestException e) {
            sha1.reset();
            return false;
        }
    }
}

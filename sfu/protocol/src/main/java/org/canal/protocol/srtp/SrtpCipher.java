package org.canal.protocol.srtp;

/**
 * The transform of one profile, after {@link SrtpContext} has checked lengths and ranges and found
 * the packet index. Implementations own the trailer layout, which differs: RFC 3711 section 3.4
 * puts the SRTCP index before the tag, RFC 7714 section 9.2 puts it after.
 */
interface SrtpCipher {

    /**
     * Encrypts {@code buf[off+headerLength, off+len)} and writes the tag at {@code off+len}.
     * Returns false if JCE refused.
     */
    boolean protectRtp(byte[] buf, int off, int headerLength, int len, int ssrc, int roc, int seq);

    /**
     * Authenticates the packet of {@code len} bytes, tag included, and only then decrypts its
     * payload in place. Returns false, decrypting nothing, if the tag does not match.
     */
    boolean unprotectRtp(byte[] buf, int off, int headerLength, int len, int ssrc, int roc, int seq);

    /** Protects the RTCP packet of {@code len} bytes with this SRTCP index; returns the new length, or -1. */
    int protectRtcp(byte[] buf, int off, int len, int ssrc, int index);

    /** Where, from {@code off}, the E flag and SRTCP index word of a protected packet of {@code len} bytes sits. */
    int rtcpIndexOffset(int len);

    /**
     * Authenticates the SRTCP packet of {@code len} bytes and only then decrypts it if its E flag
     * says so. Returns the RTCP packet's length, or -1 if the tag does not match.
     */
    int unprotectRtcp(byte[] buf, int off, int len, int ssrc, int indexWord);

    /** Constant-time comparison of {@code n} bytes, so that timing tells nothing about the expected tag. */
    static boolean equalInConstantTime(byte[] a, int aOff, byte[] b, int bOff, int n) {
        int diff = 0;
        for (int i = 0; i < n; i++) {
            diff |= a[aOff + i] ^ b[bOff + i];
        }
        return diff == 0;
    }
}

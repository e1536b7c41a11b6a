package org.canal.protocol.rtp;

/**
 * Arithmetic on 16-bit RTP sequence numbers (RFC 3550 section 5.1), which wrap from 65535 to 0.
 *
 * <p>Two numbers are compared by their distance modulo 2^16, read as a signed value: the one ahead by
 * less than half the space is the newer, as in RFC 3550 appendix A.1. At exactly half the space
 * (32768 apart) neither is newer than the other. Arguments are taken modulo 2^16.
 */
public final class SequenceNumbers {
    /** Number of distinct sequence numbers. */
    public static final int MODULUS = 1 << 16;
    private static final int MASK = MODULUS - 1;

    private SequenceNumbers() {}

    /** How far {@code a} is ahead of {@code b}, in [-32768, 32767]; negative when {@code a} is older. */
    public static int distance(int a, int b) {
        return (short) (a - b);
    }

    /** True when {@code a} comes after {@code b}, across wrap-around. */
    public static boolean isNewer(int a, int b) {
        return distance(a, b) > 0;
    }

    /** {@code seq + delta} modulo 2^16 (delta may be negative). */
    public static int add(int seq, int delta) {
        return (seq + delta) & MASK;
    }
}

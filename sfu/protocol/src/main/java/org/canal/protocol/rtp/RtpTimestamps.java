package org.canal.protocol.rtp;

/**
 * Arithmetic on 32-bit RTP timestamps (RFC 3550 section 5.1), which wrap from 2^32-1 to 0.
 *
 * <p>Timestamps are unsigned values in a {@code long}, as {@link RtpPacket#timestamp()} returns them.
 * Two are compared by their distance modulo 2^32 read as a signed 32-bit value; at exactly 2^31 apart
 * neither is newer. Arguments are taken modulo 2^32.
 */
public final class RtpTimestamps {
    /** Mask of the 32 bits of a timestamp. */
    public static final long MASK = 0xFFFF_FFFFL;

    private RtpTimestamps() {}

    /** How far {@code a} is ahead of {@code b}, in [-2^31, 2^31-1]; negative when {@code a} is older. */
    public static long distance(long a, long b) {
        return (int) (a - b);
    }

    /** True when {@code a} comes after {@code b}, across wrap-around. */
    public static boolean isNewer(long a, long b) {
        return distance(a, b) > 0;
    }

    /** {@code timestamp + delta} modulo 2^32, unsigned (delta may be negative). */
    public static long add(long timestamp, long delta) {
        return (timestamp + delta) & MASK;
    }
}

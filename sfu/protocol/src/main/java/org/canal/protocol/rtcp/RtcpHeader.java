package org.canal.protocol.rtcp;

import org.canal.protocol.BigEndian;

/**
 * The common header every RTCP packet starts with (RFC 3550 section 6.4.1), its packet types and the
 * feedback message types (FMT) of RFC 4585 section 6.1, RFC 5104 and the RMCAT drafts.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|  count  |      PT       |             length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * The count field is the report/source count, or the FMT for feedback packets; the length is the
 * packet's size in 32-bit words minus one, padding included. Stateless; callers check bounds.
 */
public final class RtcpHeader {
    public static final int SIZE = 4;
    public static final int VERSION = 2;

    public static final int TYPE_SR = 200;
    public static final int TYPE_RR = 201;
    public static final int TYPE_SDES = 202;
    public static final int TYPE_BYE = 203;
    public static final int TYPE_APP = 204;
    /** Transport-layer feedback, RFC 4585 section 6.2. */
    public static final int TYPE_RTPFB = 205;
    /** Payload-specific feedback, RFC 4585 section 6.3. */
    public static final int TYPE_PSFB = 206;
    public static final int TYPE_XR = 207;

    public static final int FMT_GENERIC_NACK = 1;
    public static final int FMT_TRANSPORT_CC = 15;
    public static final int FMT_PLI = 1;
    public static final int FMT_FIR = 4;
    /** Application-layer feedback (RFC 4585 section 6.4); REMB is one, told apart by its identifier. */
    public static final int FMT_APPLICATION = 15;

    /** Largest count/FMT value: 5 bits. */
    public static final int MAX_COUNT = 0x1F;
    /** Largest packet: 65536 words of 4 bytes. */
    public static final int MAX_LENGTH = 0x1_0000 * 4;

    private static final int VERSION_SHIFT = 6;
    private static final int PADDING_BIT = 0x20;
    private static final int COUNT_MASK = 0x1F;

    private RtcpHeader() {}

    public static int version(byte[] b, int off) {
        return BigEndian.u8(b, off) >>> VERSION_SHIFT;
    }

    public static boolean padding(byte[] b, int off) {
        return (BigEndian.u8(b, off) & PADDING_BIT) != 0;
    }

    public static int count(byte[] b, int off) {
        return BigEndian.u8(b, off) & COUNT_MASK;
    }

    public static int packetType(byte[] b, int off) {
        return BigEndian.u8(b, off + 1);
    }

    /** The packet's size in bytes as its length field declares it, padding included. */
    public static int declaredLength(byte[] b, int off) {
        return (BigEndian.u16(b, off + 2) + 1) * 4;
    }

    /**
     * Writes a header for a packet of {@code totalLength} bytes (a multiple of 4, at least 4).
     *
     * @return the header size, 4
     */
    public static int write(byte[] b, int off, boolean padding, int count, int packetType, int totalLength) {
        BigEndian.put8(b, off, (VERSION << VERSION_SHIFT) | (padding ? PADDING_BIT : 0) | (count & COUNT_MASK));
        BigEndian.put8(b, off + 1, packetType);
        BigEndian.put16(b, off + 2, totalLength / 4 - 1);
        return SIZE;
    }

    /**
     * Checks the header of the packet at {@code off}, with {@code available} bytes left in the
     * buffer: version 2, the declared length within those bytes, and a padding count that fits.
     *
     * @return null when the header is sound
     */
    static RtcpMalformation check(byte[] b, int off, int available) {
        if (available < SIZE) {
            return RtcpMalformation.TRUNCATED_HEADER;
        }
        if (version(b, off) != VERSION) {
            return RtcpMalformation.BAD_VERSION;
        }
        int length = declaredLength(b, off);
        if (length > available) {
            return RtcpMalformation.LENGTH_EXCEEDS_BUFFER;
        }
        if (padding(b, off)) {
            int pad = BigEndian.u8(b, off + length - 1);
            if (pad == 0 || pad > length - SIZE) {
                return RtcpMalformation.BAD_PADDING;
            }
        }
        return null;
    }

    /** The padding bytes at the end of a packet whose header {@link #check} accepted. */
    static int paddingLength(byte[] b, int off) {
        return padding(b, off) ? BigEndian.u8(b, off + declaredLength(b, off) - 1) : 0;
    }
}

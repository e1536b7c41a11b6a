package org.canal.protocol.rtcp;

import org.canal.protocol.BigEndian;

/**
 * Receiver estimated maximum bitrate, REMB (draft-alvestrand-rmcat-remb-03 section 2.2): an
 * application-layer feedback message (PT 206, FMT 15, RFC 4585 section 6.4) starting with the
 * identifier "REMB", carrying a bitrate as a 6-bit exponent and an 18-bit mantissa
 * (bits per second = mantissa * 2^exponent) and the SSRCs it applies to.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P| FMT=15  |   PT=206      |             length            |
 * |                  SSRC of packet sender                        |
 * |                  SSRC of media source (0)                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Unique identifier 'R' 'E' 'M' 'B'                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Num SSRC     | BR Exp    |  BR Mantissa                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   SSRC feedback                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  ...                                                          |
 * </pre>
 * Reusable; one thread at a time.
 */
public final class RembPacket extends FeedbackPacket {
    /** "REMB" in ASCII. */
    public static final int IDENTIFIER = 0x52454D42;
    private static final int NUM_SSRC = 4;
    private static final int BITRATE = 5;
    private static final int FIRST_SSRC = 8;
    private static final int SSRC_SIZE = 4;
    private static final int EXPONENT_SHIFT = 2;
    private static final int MANTISSA_HIGH_MASK = 0x03;
    private static final int MANTISSA_MAX = 0x3_FFFF;

    public RembPacket() {
        super(RtcpHeader.TYPE_PSFB, RtcpHeader.FMT_APPLICATION);
    }

    /** Whether the application-layer feedback at {@code off} (already checked to be whole) is a REMB. */
    static boolean hasIdentifier(byte[] b, int off, int contentLength) {
        return contentLength >= FCI + FIRST_SSRC && BigEndian.i32(b, off + FCI) == IDENTIFIER;
    }

    @Override
    protected RtcpMalformation parseFci() {
        if (fciLength() < FIRST_SSRC) {
            return RtcpMalformation.TRUNCATED_FIXED_PART;
        }
        if (BigEndian.i32(buf, fciOffset()) != IDENTIFIER) {
            return RtcpMalformation.REMB_BAD_IDENTIFIER;
        }
        if (FIRST_SSRC + ssrcCount() * SSRC_SIZE > fciLength()) {
            return RtcpMalformation.REMB_TRUNCATED_SSRC_LIST;
        }
        return null;
    }

    public int ssrcCount() {
        return BigEndian.u8(buf, fciOffset() + NUM_SSRC);
    }

    public long ssrc(int index) {
        return BigEndian.u32(buf, fciOffset() + FIRST_SSRC + index * SSRC_SIZE);
    }

    public int bitrateExponent() {
        return BigEndian.u8(buf, fciOffset() + BITRATE) >>> EXPONENT_SHIFT;
    }

    public int bitrateMantissa() {
        return BigEndian.u24(buf, fciOffset() + BITRATE) & MANTISSA_MAX;
    }

    /** Bits per second; {@code Long.MAX_VALUE} when the encoding exceeds a long (exponents above 45). */
    public long bitrate() {
        long mantissa = bitrateMantissa();
        int exponent = bitrateExponent();
        return mantissa > (Long.MAX_VALUE >>> exponent) ? Long.MAX_VALUE : mantissa << exponent;
    }

    /**
     * Writes a REMB for {@code ssrcs[0, count)}, the bitrate rounded down to 18 significant bits.
     *
     * @return bytes written
     */
    public static int write(byte[] b, int off, long senderSsrc, long bitrate, long[] ssrcs, int count) {
        if (bitrate < 0 || count > 0xFF) {
            throw new IllegalArgumentException("a REMB needs a non-negative bitrate and at most 255 SSRCs");
        }
        int exponent = 0;
        long mantissa = bitrate;
        while (mantissa > MANTISSA_MAX) {
            mantissa >>>= 1;
            exponent++;
        }
        int length = FCI + FIRST_SSRC + count * SSRC_SIZE;
        writeHeader(b, off, RtcpHeader.TYPE_PSFB, RtcpHeader.FMT_APPLICATION, senderSsrc, 0, length);
        int fci = off + FCI;
        BigEndian.put32(b, fci, IDENTIFIER);
        BigEndian.put8(b, fci + NUM_SSRC, count);
        BigEndian.put24(b, fci + BITRATE, (exponent << 18) | (int) mantissa);
        for (int i = 0; i < count; i++) {
            BigEndian.put32(b, fci + FIRST_SSRC + i * SSRC_SIZE, ssrcs[i]);
        }
        return length;
    }
}

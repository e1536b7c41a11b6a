package org.canal.protocol.rtcp;

import org.canal.protocol.BigEndian;

/**
 * One reception report block of an SR or RR (RFC 3550 section 6.4.1), a flyweight that a
 * {@link SenderReportPacket} or {@link ReceiverReportPacket} points at one of its blocks.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                 SSRC_1 (SSRC of first source)                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | fraction lost |       cumulative number of packets lost       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           extended highest sequence number received           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      interarrival jitter                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         last SR (LSR)                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   delay since last SR (DLSR)                  |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * </pre>
 * Reusable; one thread at a time.
 */
public final class ReportBlock {
    public static final int SIZE = 24;

    private static final int SSRC = 0;
    private static final int FRACTION_LOST = 4;
    private static final int CUMULATIVE_LOST = 5;
    private static final int HIGHEST_SEQUENCE = 8;
    private static final int JITTER = 12;
    private static final int LAST_SR = 16;
    private static final int DELAY_SINCE_LAST_SR = 20;
    /** Cumulative loss is a signed 24-bit field: duplicates can make it negative. */
    private static final int SIGN_EXTEND_24 = 8;

    private byte[] buf;
    private int off;

    /** Points this block at the 24 bytes at {@code off}, which the caller has checked are there. */
    ReportBlock at(byte[] buf, int off) {
        this.buf = buf;
        this.off = off;
        return this;
    }

    public int offset() {
        return off;
    }

    public long ssrc() {
        return BigEndian.u32(buf, off + SSRC);
    }

    /** Fraction of packets lost since the last report, in 1/256 units. */
    public int fractionLost() {
        return BigEndian.u8(buf, off + FRACTION_LOST);
    }

    public int cumulativeLost() {
        return BigEndian.u24(buf, off + CUMULATIVE_LOST) << SIGN_EXTEND_24 >> SIGN_EXTEND_24;
    }

    public long extendedHighestSequence() {
        return BigEndian.u32(buf, off + HIGHEST_SEQUENCE);
    }

    /** Interarrival jitter in RTP timestamp units. */
    public long jitter() {
        return BigEndian.u32(buf, off + JITTER);
    }

    /** The middle 32 bits of the NTP timestamp of the last SR received from this source. */
    public long lastSenderReport() {
        return BigEndian.u32(buf, off + LAST_SR);
    }

    /** Delay since that SR, in 1/65536 seconds. */
    public long delaySinceLastSenderReport() {
        return BigEndian.u32(buf, off + DELAY_SINCE_LAST_SR);
    }

    /**
     * Writes a report block.
     *
     * @param cumulativeLost clamped to the signed 24-bit range, as RFC 3550 section 6.4.1 asks
     * @return bytes written, {@link #SIZE}
     */
    public static int write(byte[] b, int off, long ssrc, int fractionLost, int cumulativeLost,
            long extendedHighestSequence, long jitter, long lastSenderReport, long delaySinceLastSenderReport) {
        int lost = Math.max(-0x80_0000, Math.min(0x7F_FFFF, cumulativeLost));
        BigEndian.put32(b, off + SSRC, ssrc);
        BigEndian.put8(b, off + FRACTION_LOST, fractionLost);
        BigEndian.put24(b, off + CUMULATIVE_LOST, lost);
        BigEndian.put32(b, off + HIGHEST_SEQUENCE, extendedHighestSequence);
        BigEndian.put32(b, off + JITTER, jitter);
        BigEndian.put32(b, off + LAST_SR, lastSenderReport);
        BigEndian.put32(b, off + DELAY_SINCE_LAST_SR, delaySinceLastSenderReport);
        return SIZE;
    }
}

package org.canal.protocol.rtcp;

import org.canal.protocol.BigEndian;

/**
 * A sender report, SR (RFC 3550 section 6.4.1): the sender's clocks and counts, then report blocks
 * ({@link ReportBlock}) and optional profile-specific extensions.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|    RC   |   PT=SR=200   |             length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         SSRC of sender                        |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |              NTP timestamp, most significant word             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |             NTP timestamp, least significant word             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         RTP timestamp                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     sender's packet count                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      sender's octet count                     |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                 report blocks (RC x 24 bytes)                 |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                  profile-specific extensions                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Reusable; one thread at a time.
 */
public final class SenderReportPacket extends ReportPacket {
    private static final int NTP_TIMESTAMP = 8;
    private static final int RTP_TIMESTAMP = 16;
    private static final int PACKET_COUNT = 20;
    private static final int OCTET_COUNT = 24;
    /** Where the report blocks start: header, SSRC and the 20-byte sender info. */
    public static final int REPORT_BLOCKS = 28;

    public SenderReportPacket() {
        super(REPORT_BLOCKS);
    }

    @Override
    protected boolean accepts(int packetType, int count) {
        return packetType == RtcpHeader.TYPE_SR;
    }

    /** The 64-bit NTP timestamp: seconds since 1900 in the high word, the fraction in the low word. */
    public long ntpTimestamp() {
        return BigEndian.i64(buf, off + NTP_TIMESTAMP);
    }

    public long rtpTimestamp() {
        return BigEndian.u32(buf, off + RTP_TIMESTAMP);
    }

    public long senderPacketCount() {
        return BigEndian.u32(buf, off + PACKET_COUNT);
    }

    public long senderOctetCount() {
        return BigEndian.u32(buf, off + OCTET_COUNT);
    }

    /**
     * Writes the header and sender info of an SR that will hold {@code reportCount} report blocks; the
     * caller then writes each block with {@link ReportBlock#write} at
     * {@code off + REPORT_BLOCKS + i * ReportBlock.SIZE}.
     *
     * @return bytes written, {@link #REPORT_BLOCKS}; the whole packet is {@link #lengthFor} bytes
     */
    public static int write(byte[] b, int off, long senderSsrc, long ntpTimestamp, long rtpTimestamp,
            long senderPacketCount, long senderOctetCount, int reportCount) {
        RtcpHeader.write(b, off, false, reportCount, RtcpHeader.TYPE_SR, lengthFor(reportCount));
        BigEndian.put32(b, off + SENDER_SSRC, senderSsrc);
        BigEndian.put64(b, off + NTP_TIMESTAMP, ntpTimestamp);
        BigEndian.put32(b, off + RTP_TIMESTAMP, rtpTimestamp);
        BigEndian.put32(b, off + PACKET_COUNT, senderPacketCount);
        BigEndian.put32(b, off + OCTET_COUNT, senderOctetCount);
        return REPORT_BLOCKS;
    }

    /** Size of an SR with this many report blocks and no extensions. */
    public static int lengthFor(int reportCount) {
        return REPORT_BLOCKS + reportCount * ReportBlock.SIZE;
    }
}

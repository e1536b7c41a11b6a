package org.canal.protocol.rtcp;

import org.canal.protocol.BigEndian;

/**
 * A receiver report, RR (RFC 3550 section 6.4.2): the reporter's SSRC, then report blocks
 * ({@link ReportBlock}) and optional profile-specific extensions.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|    RC   |   PT=RR=201   |             length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     SSRC of packet sender                     |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                 report blocks (RC x 24 bytes)                 |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                  profile-specific extensions                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Reusable; one thread at a time.
 */
public final class ReceiverReportPacket extends ReportPacket {
    /** Where the report blocks start. */
    public static final int REPORT_BLOCKS = 8;

    public ReceiverReportPacket() {
        super(REPORT_BLOCKS);
    }

    @Override
    protected boolean accepts(int packetType, int count) {
        return packetType == RtcpHeader.TYPE_RR;
    }

    /**
     * Writes the header and SSRC of an RR that will hold {@code reportCount} report blocks; the
     * caller then writes each block with {@link ReportBlock#write} at
     * {@code off + REPORT_BLOCKS + i * ReportBlock.SIZE}.
     *
     * @return bytes written, {@link #REPORT_BLOCKS}; the whole packet is {@link #lengthFor} bytes
     */
    public static int write(byte[] b, int off, long senderSsrc, int reportCount) {
        RtcpHeader.write(b, off, false, reportCount, RtcpHeader.TYPE_RR, lengthFor(reportCount));
        BigEndian.put32(b, off + SENDER_SSRC, senderSsrc);
        return REPORT_BLOCKS;
    }

    public static int lengthFor(int reportCount) {
        return REPORT_BLOCKS + reportCount * ReportBlock.SIZE;
    }
}

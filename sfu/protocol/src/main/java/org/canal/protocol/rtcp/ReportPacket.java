package org.canal.protocol.rtcp;

import org.canal.protocol.BigEndian;

/**
 * What SR and RR share (RFC 3550 sections 6.4.1 and 6.4.2): the sender's SSRC after the header, a
 * fixed part that ends where the report blocks start, the report blocks, and optional
 * profile-specific extensions up to the end of the packet.
 */
public abstract class ReportPacket extends RtcpPacketView {
    static final int SENDER_SSRC = 4;

    private final int reportBlocksAt;

    ReportPacket(int reportBlocksAt) {
        this.reportBlocksAt = reportBlocksAt;
    }

    @Override
    protected final RtcpMalformation parseBody() {
        if (contentEnd - off < reportBlocksAt) {
            return RtcpMalformation.TRUNCATED_FIXED_PART;
        }
        if (reportBlocksAt + reportCount() * ReportBlock.SIZE > contentEnd - off) {
            return RtcpMalformation.TRUNCATED_REPORT_BLOCKS;
        }
        return null;
    }

    public long senderSsrc() {
        return BigEndian.u32(buf, off + SENDER_SSRC);
    }

    public int reportCount() {
        return count();
    }

    /** Points {@code into} at report block {@code index} (0 to {@link #reportCount()} - 1) and returns it. */
    public ReportBlock reportBlock(int index, ReportBlock into) {
        return into.at(buf, off + reportBlocksAt + index * ReportBlock.SIZE);
    }

    /** Offset of the profile-specific extensions after the report blocks. */
    public int extensionOffset() {
        return off + reportBlocksAt + reportCount() * ReportBlock.SIZE;
    }

    public int extensionLength() {
        return contentEnd - extensionOffset();
    }
}

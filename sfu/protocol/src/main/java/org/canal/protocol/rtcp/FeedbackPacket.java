package org.canal.protocol.rtcp;

import org.canal.protocol.BigEndian;

/**
 * The common part of a feedback message (RFC 4585 section 6.1): transport-layer (RTPFB, 205) and
 * payload-specific (PSFB, 206), told apart by the FMT in the count field.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|   FMT   |       PT      |          length               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of packet sender                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of media source                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * :            Feedback Control Information (FCI)                 :
 * </pre>
 * Reusable; one thread at a time.
 */
public abstract class FeedbackPacket extends RtcpPacketView {
    private static final int SENDER_SSRC = 4;
    private static final int MEDIA_SSRC = 8;
    /** Where the feedback control information starts. */
    public static final int FCI = 12;

    private final int packetType;
    private final int fmt;

    protected FeedbackPacket(int packetType, int fmt) {
        this.packetType = packetType;
        this.fmt = fmt;
    }

    @Override
    protected final boolean accepts(int type, int count) {
        return type == packetType && count == fmt;
    }

    @Override
    protected final RtcpMalformation parseBody() {
        return contentEnd - off < FCI ? RtcpMalformation.TRUNCATED_FIXED_PART : parseFci();
    }

    /** Checks the FCI in {@code [off + FCI, contentEnd)}; null when sound. */
    protected abstract RtcpMalformation parseFci();

    public final int fmt() {
        return count();
    }

    public final long senderSsrc() {
        return BigEndian.u32(buf, off + SENDER_SSRC);
    }

    public final long mediaSsrc() {
        return BigEndian.u32(buf, off + MEDIA_SSRC);
    }

    public final int fciOffset() {
        return off + FCI;
    }

    public final int fciLength() {
        return contentEnd - off - FCI;
    }

    /** Writes the 12-byte common part of a feedback message of {@code totalLength} bytes. */
    static int writeHeader(byte[] b, int off, int packetType, int fmt, long senderSsrc, long mediaSsrc,
            int totalLength) {
        RtcpHeader.write(b, off, false, fmt, packetType, totalLength);
        BigEndian.put32(b, off + SENDER_SSRC, senderSsrc);
        BigEndian.put32(b, off + MEDIA_SSRC, mediaSsrc);
        return FCI;
    }
}

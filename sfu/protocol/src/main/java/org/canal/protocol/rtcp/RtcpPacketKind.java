package org.canal.protocol.rtcp;

/**
 * Which view parses a packet of a compound: its type, its FMT for feedback, and for application-layer
 * feedback the REMB identifier. Everything else is {@link #RAW}, never an error.
 */
public enum RtcpPacketKind {
    SENDER_REPORT,
    RECEIVER_REPORT,
    SOURCE_DESCRIPTION,
    BYE,
    GENERIC_NACK,
    TRANSPORT_CC,
    PICTURE_LOSS_INDICATION,
    FULL_INTRA_REQUEST,
    REMB,
    RAW;

    /** The kind of the reader's current packet. */
    public static RtcpPacketKind of(RtcpCompoundReader reader) {
        return of(reader.buffer(), reader.packetOffset(), reader.packetLength() - reader.paddingLength());
    }

    /**
     * The kind of the packet at {@code off}, whose header has been checked and whose body, padding
     * excluded, ends at {@code off + contentLength}.
     */
    static RtcpPacketKind of(byte[] b, int off, int contentLength) {
        int count = RtcpHeader.count(b, off);
        return switch (RtcpHeader.packetType(b, off)) {
            case RtcpHeader.TYPE_SR -> SENDER_REPORT;
            case RtcpHeader.TYPE_RR -> RECEIVER_REPORT;
            case RtcpHeader.TYPE_SDES -> SOURCE_DESCRIPTION;
            case RtcpHeader.TYPE_BYE -> BYE;
            case RtcpHeader.TYPE_RTPFB -> switch (count) {
                case RtcpHeader.FMT_GENERIC_NACK -> GENERIC_NACK;
                case RtcpHeader.FMT_TRANSPORT_CC -> TRANSPORT_CC;
                default -> RAW;
            };
            case RtcpHeader.TYPE_PSFB -> switch (count) {
                case RtcpHeader.FMT_PLI -> PICTURE_LOSS_INDICATION;
                case RtcpHeader.FMT_FIR -> FULL_INTRA_REQUEST;
                case RtcpHeader.FMT_APPLICATION -> RembPacket.hasIdentifier(b, off, contentLength) ? REMB : RAW;
                default -> RAW;
            };
            default -> RAW;
        };
    }
}

package org.canal.protocol.rtcp;

/**
 * Picture loss indication, PLI (RFC 4585 section 6.3.1): payload-specific feedback (PT 206) with
 * FMT 1 and no FCI, asking the media sender for a key frame.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P| FMT=1   |    PT=206     |          length=2             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of packet sender                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of media source                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Any FCI a sender adds anyway is ignored. Reusable; one thread at a time.
 */
public final class PictureLossIndicationPacket extends FeedbackPacket {
    public static final int SIZE = FCI;

    public PictureLossIndicationPacket() {
        super(RtcpHeader.TYPE_PSFB, RtcpHeader.FMT_PLI);
    }

    @Override
    protected RtcpMalformation parseFci() {
        return null;
    }

    /** Writes a PLI; returns bytes written, {@link #SIZE}. */
    public static int write(byte[] b, int off, long senderSsrc, long mediaSsrc) {
        return writeHeader(b, off, RtcpHeader.TYPE_PSFB, RtcpHeader.FMT_PLI, senderSsrc, mediaSsrc, SIZE);
    }
}

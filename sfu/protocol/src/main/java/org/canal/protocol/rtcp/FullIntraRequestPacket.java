package org.canal.protocol.rtcp;

import org.canal.protocol.BigEndian;

/**
 * Full intra request, FIR (RFC 5104 section 4.3.1): payload-specific feedback (PT 206) with FMT 4;
 * the media source SSRC is 0 and each FCI entry names a media sender and a command sequence number
 * (section 4.3.1.1), which lets the sender tell a repeated request from a new one.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P| FMT=4   |    PT=206     |          length               |
 * |                  SSRC of packet sender                        |
 * |                  SSRC of media source (0)                     |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+  FCI entry:
 * |                              SSRC                             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Seq nr.       |    Reserved                                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Reusable; one thread at a time.
 */
public final class FullIntraRequestPacket extends FeedbackPacket {
    public static final int ENTRY_SIZE = 8;
    private static final int ENTRY_SSRC = 0;
    private static final int ENTRY_SEQUENCE = 4;

    public FullIntraRequestPacket() {
        super(RtcpHeader.TYPE_PSFB, RtcpHeader.FMT_FIR);
    }

    @Override
    protected RtcpMalformation parseFci() {
        if (fciLength() == 0) {
            return RtcpMalformation.FCI_MISSING;
        }
        return fciLength() % ENTRY_SIZE != 0 ? RtcpMalformation.FIR_TRUNCATED_ENTRY : null;
    }

    public int entryCount() {
        return fciLength() / ENTRY_SIZE;
    }

    public long entrySsrc(int index) {
        return BigEndian.u32(buf, fciOffset() + index * ENTRY_SIZE + ENTRY_SSRC);
    }

    public int entrySequenceNumber(int index) {
        return BigEndian.u8(buf, fciOffset() + index * ENTRY_SIZE + ENTRY_SEQUENCE);
    }

    /** Writes a FIR with one entry; returns bytes written. */
    public static int write(byte[] b, int off, long senderSsrc, long ssrc, int sequenceNumber) {
        int length = FCI + ENTRY_SIZE;
        writeHeader(b, off, RtcpHeader.TYPE_PSFB, RtcpHeader.FMT_FIR, senderSsrc, 0, length);
        writeEntry(b, off + FCI, ssrc, sequenceNumber);
        return length;
    }

    /** Writes a FIR with entries {@code [0, count)} of the two arrays; returns bytes written. */
    public static int write(byte[] b, int off, long senderSsrc, long[] ssrcs, int[] sequenceNumbers, int count) {
        int length = FCI + count * ENTRY_SIZE;
        writeHeader(b, off, RtcpHeader.TYPE_PSFB, RtcpHeader.FMT_FIR, senderSsrc, 0, length);
        for (int i = 0; i < count; i++) {
            writeEntry(b, off + FCI + i * ENTRY_SIZE, ssrcs[i], sequenceNumbers[i]);
        }
        return length;
    }

    private static void writeEntry(byte[] b, int at, long ssrc, int sequenceNumber) {
        BigEndian.put32(b, at + ENTRY_SSRC, ssrc);
        // The sequence number's byte, then 24 reserved bits that a sender sets to 0.
        BigEndian.put32(b, at + ENTRY_SEQUENCE, (long) (sequenceNumber & 0xFF) << 24);
    }
}

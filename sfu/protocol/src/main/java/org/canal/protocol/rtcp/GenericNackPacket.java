package org.canal.protocol.rtcp;

import org.canal.protocol.BigEndian;

/**
 * Generic NACK (RFC 4585 section 6.2.1): transport-layer feedback (PT 205) with FMT 1, listing lost
 * RTP sequence numbers as entries of a packet ID (PID) and a bitmask of the 16 following packets
 * (BLP; bit i set means PID + i + 1 is lost too).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P| FMT=1   |    PT=205     |          length               |
 * |                  SSRC of packet sender                        |
 * |                  SSRC of media source                         |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+  FCI entry, 1 or more:
 * |            PID                |             BLP               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * The lost sequence numbers are walked with {@link #rewindLost()} and {@link #nextLost()}, which
 * allocate nothing. Reusable; one thread at a time.
 */
public final class GenericNackPacket extends FeedbackPacket {
    public static final int ENTRY_SIZE = 4;
    private static final int PID = 0;
    private static final int BLP = 2;
    private static final int BLP_BITS = 16;
    private static final int SEQUENCE_MASK = 0xFFFF;

    private int lostEntry;
    /** -1: the PID itself is next; 0 to 15: the BLP bits from this one on. */
    private int lostBit;

    public GenericNackPacket() {
        super(RtcpHeader.TYPE_RTPFB, RtcpHeader.FMT_GENERIC_NACK);
    }

    @Override
    protected RtcpMalformation parseFci() {
        if (entryCount() == 0) {
            return RtcpMalformation.FCI_MISSING;
        }
        rewindLost();
        return null;
    }

    /** FCI entries; any bytes after the last whole entry (only padding can leave some) are ignored. */
    public int entryCount() {
        return fciLength() / ENTRY_SIZE;
    }

    public int packetId(int index) {
        return BigEndian.u16(buf, fciOffset() + index * ENTRY_SIZE + PID);
    }

    public int lostBitmask(int index) {
        return BigEndian.u16(buf, fciOffset() + index * ENTRY_SIZE + BLP);
    }

    /** Goes back to the first lost sequence number. */
    public void rewindLost() {
        lostEntry = 0;
        lostBit = -1;
    }

    /**
     * The next lost sequence number, in the order the packet lists them (a duplicate listed twice is
     * returned twice), or -1 after the last.
     */
    public int nextLost() {
        while (lostEntry < entryCount()) {
            int pid = packetId(lostEntry);
            if (lostBit < 0) {
                lostBit = 0;
                return pid;
            }
            int blp = lostBitmask(lostEntry);
            while (lostBit < BLP_BITS) {
                int bit = lostBit++;
                if ((blp & (1 << bit)) != 0) {
                    return (pid + bit + 1) & SEQUENCE_MASK;
                }
            }
            lostEntry++;
            lostBit = -1;
        }
        return -1;
    }

    /**
     * How many FCI entries {@link #write} packs {@code lost[from, from + count)} into; the packet is
     * {@code FCI + 4 * entries} bytes.
     */
    public static int entriesFor(int[] lost, int from, int count) {
        int entries = 0;
        int pid = 0;
        for (int i = from; i < from + count; i++) {
            int distance = (lost[i] - pid) & SEQUENCE_MASK;
            if (entries == 0 || distance > BLP_BITS) {
                entries++;
                pid = lost[i] & SEQUENCE_MASK;
            }
        }
        return entries;
    }

    /**
     * Writes a NACK for the lost sequence numbers {@code lost[from, from + count)} (at least one),
     * sorted in RTP order (wrap-around allowed; duplicates are folded). Each entry takes the first
     * sequence number not yet covered as PID and sets BLP bits for those within the next 16.
     *
     * @return bytes written
     */
    public static int write(byte[] b, int off, long senderSsrc, long mediaSsrc, int[] lost, int from, int count) {
        int at = off + FCI - ENTRY_SIZE;
        int pid = 0;
        int blp = 0;
        boolean open = false;
        for (int i = from; i < from + count; i++) {
            int seq = lost[i] & SEQUENCE_MASK;
            int distance = (seq - pid) & SEQUENCE_MASK;
            if (open && distance == 0) {
                continue;
            }
            if (open && distance <= BLP_BITS) {
                blp |= 1 << (distance - 1);
                continue;
            }
            if (open) {
                BigEndian.put16(b, at + BLP, blp);
            }
            at += ENTRY_SIZE;
            BigEndian.put16(b, at + PID, seq);
            pid = seq;
            blp = 0;
            open = true;
        }
        if (open) {
            BigEndian.put16(b, at + BLP, blp);
        }
        int length = at + ENTRY_SIZE - off;
        writeHeader(b, off, RtcpHeader.TYPE_RTPFB, RtcpHeader.FMT_GENERIC_NACK, senderSsrc, mediaSsrc, length);
        return length;
    }
}

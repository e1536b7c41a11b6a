package org.canal.protocol.rtcp;

/**
 * Walks a compound RTCP packet (RFC 3550 section 6.1) in a caller's buffer, one packet at a time,
 * without copying or allocating.
 *
 * <p>{@link #wrap} checks the whole compound before anything is yielded, so a caller never acts on
 * half of a packet it will refuse: every packet has version 2, a length field (in 32-bit words minus
 * one) that fits in the bytes left, and the packets exactly fill the range; only the last packet may
 * carry padding, and its padding count must lie within that packet (RFC 3550 section 6.4.1 and the
 * validity checks of appendix A.2). Unlike appendix A.2, the first packet need not be an SR or RR:
 * reduced-size RTCP (RFC 5506), which WebRTC negotiates with {@code a=rtcp-rsize}, sends feedback
 * alone. Unknown packet types are yielded like any other; telling them apart is the caller's job
 * ({@link RtcpPacketKind}).
 *
 * <pre>
 * RtcpCompoundReader reader = new RtcpCompoundReader();
 * if (!reader.wrap(buf, off, len)) { count(reader.malformation()); return; }
 * while (reader.next()) { switch (RtcpPacketKind.of(reader)) { ... } }
 * </pre>
 *
 * <p>Reusable; one thread at a time.
 */
public final class RtcpCompoundReader {
    private byte[] buf;
    private int start;
    private int end;
    private int packetCount;
    private RtcpMalformation malformation;

    private int cursor;
    private int packetOffset;
    private int packetLength;

    /**
     * Checks the compound packet in {@code buf[off, off + len)} and rewinds to before its first packet.
     *
     * @return true when it is well formed; otherwise {@link #malformation()} says why and
     *     {@link #next()} yields nothing
     */
    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = buf;
        this.start = off;
        this.end = off + len;
        this.packetCount = 0;
        this.malformation = validate(buf, off, off + len);
        if (malformation != null) {
            this.end = off;
            this.packetCount = 0;
        }
        rewind();
        return malformation == null;
    }

    private RtcpMalformation validate(byte[] b, int from, int to) {
        if (from == to) {
            return RtcpMalformation.TRUNCATED_HEADER;
        }
        int at = from;
        while (at < to) {
            RtcpMalformation m = RtcpHeader.check(b, at, to - at);
            if (m != null) {
                return m;
            }
            int length = RtcpHeader.declaredLength(b, at);
            if (RtcpHeader.padding(b, at) && at + length != to) {
                return RtcpMalformation.PADDING_NOT_LAST;
            }
            packetCount++;
            at += length;
        }
        return null;
    }

    /** Why the last {@link #wrap} refused its input, or null when it accepted it. */
    public RtcpMalformation malformation() {
        return malformation;
    }

    /** Goes back to before the first packet, to walk the compound again. */
    public void rewind() {
        cursor = start;
        packetOffset = start;
        packetLength = 0;
    }

    /** Moves to the next packet; false after the last one (or when the compound was refused). */
    public boolean next() {
        if (cursor >= end) {
            return false;
        }
        packetOffset = cursor;
        packetLength = RtcpHeader.declaredLength(buf, cursor);
        cursor += packetLength;
        return true;
    }

    /** Packets in the compound. */
    public int packetCount() {
        return packetCount;
    }

    /** True when the compound does not start with an SR or RR: reduced-size RTCP (RFC 5506). */
    public boolean isReducedSize() {
        if (packetCount == 0) {
            return false;
        }
        int type = RtcpHeader.packetType(buf, start);
        return type != RtcpHeader.TYPE_SR && type != RtcpHeader.TYPE_RR;
    }

    public byte[] buffer() {
        return buf;
    }

    /** Offset of the current packet's first header byte in {@link #buffer()}. */
    public int packetOffset() {
        return packetOffset;
    }

    /** The current packet's size in bytes, header and padding included. */
    public int packetLength() {
        return packetLength;
    }

    public int packetType() {
        return RtcpHeader.packetType(buf, packetOffset);
    }

    /** The 5-bit count field: report or source count, or the FMT of a feedback message. */
    public int count() {
        return RtcpHeader.count(buf, packetOffset);
    }

    /** Padding bytes at the end of the current packet (only ever non-zero on the last one). */
    public int paddingLength() {
        return RtcpHeader.paddingLength(buf, packetOffset);
    }
}

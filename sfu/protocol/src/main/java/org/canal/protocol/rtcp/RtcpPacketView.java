package org.canal.protocol.rtcp;

/**
 * What every RTCP packet view shares: wrapping one packet of a caller's buffer, checking its common
 * header (RFC 3550 section 6.4.1) and type, then letting the subclass check its body in place.
 *
 * <p>A view never copies: its accessors read the caller's bytes each time, so the buffer must not
 * change while the view is in use. After a refused {@link #wrap} the accessors' results are
 * meaningless. Reusable (wrap again into the same instance); one thread at a time.
 */
public abstract class RtcpPacketView {
    protected byte[] buf;
    /** Offset of the first header byte. */
    protected int off;
    /** The packet's declared size in bytes, padding included. */
    protected int length;
    /** End of the body: the packet's end less its padding. */
    protected int contentEnd;
    private RtcpMalformation malformation;

    /**
     * Wraps the packet starting at {@code off}; its length field decides its size, which must fit in
     * {@code len} bytes (later bytes are left alone, so {@code len} may be the rest of a compound).
     *
     * @return true when it is a well-formed packet of this view's type
     */
    public final boolean wrap(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        RtcpMalformation m = RtcpHeader.check(buf, off, len);
        if (m == null) {
            this.length = RtcpHeader.declaredLength(buf, off);
            this.contentEnd = off + length - RtcpHeader.paddingLength(buf, off);
            m = accepts(RtcpHeader.packetType(buf, off), RtcpHeader.count(buf, off))
                    ? parseBody() : RtcpMalformation.WRONG_PACKET_TYPE;
        }
        if (m != null) {
            this.length = 0;
            this.contentEnd = off;
        }
        this.malformation = m;
        return m == null;
    }

    /** Wraps the reader's current packet. */
    public final boolean wrap(RtcpCompoundReader reader) {
        return wrap(reader.buffer(), reader.packetOffset(), reader.packetLength());
    }

    /** Why the last wrap refused, or null when it accepted. */
    public final RtcpMalformation malformation() {
        return malformation;
    }

    /** Whether this view parses packets of this type and count/FMT. */
    protected abstract boolean accepts(int packetType, int count);

    /** Checks the body in {@code [off + 4, contentEnd)}; returns null when it is sound. */
    protected abstract RtcpMalformation parseBody();

    public final byte[] buffer() {
        return buf;
    }

    public final int offset() {
        return off;
    }

    /** The packet's size in bytes, header and padding included. */
    public final int length() {
        return length;
    }

    public final int packetType() {
        return RtcpHeader.packetType(buf, off);
    }

    /** The 5-bit count field: report or source count, or the feedback FMT. */
    public final int count() {
        return RtcpHeader.count(buf, off);
    }

    public final int paddingLength() {
        return off + length - contentEnd;
    }
}

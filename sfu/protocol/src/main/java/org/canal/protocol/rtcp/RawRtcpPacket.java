package org.canal.protocol.rtcp;

/**
 * Any RTCP packet kept as it came, by type, count and bytes: APP (204), XR (207), feedback with an
 * FMT Canal does not parse, or a type yet to be defined. Never refused for its body, only for its
 * common header (RFC 3550 section 6.4.1), so unknown packets pass through an SFU unharmed.
 *
 * <p>Reusable; one thread at a time.
 */
public final class RawRtcpPacket extends RtcpPacketView {
    @Override
    protected boolean accepts(int packetType, int count) {
        return true;
    }

    @Override
    protected RtcpMalformation parseBody() {
        return null;
    }

    /** Offset of the body after the 4-byte common header. */
    public int bodyOffset() {
        return off + RtcpHeader.SIZE;
    }

    /** Body bytes, padding excluded. */
    public int bodyLength() {
        return contentEnd - off - RtcpHeader.SIZE;
    }

    /** Copies the whole packet, padding included, to {@code b[at]}; returns bytes written. */
    public int writeTo(byte[] b, int at) {
        System.arraycopy(buf, off, b, at, length);
        return length;
    }
}

package org.canal.protocol.rtcp;

import java.nio.charset.StandardCharsets;
import org.canal.protocol.BigEndian;

/**
 * Goodbye, BYE (RFC 3550 section 6.6): the sources leaving and, optionally, why.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|    SC   |   PT=BYE=203  |             length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           SSRC/CSRC                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * :                              ...                              :
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |     length    |               reason for leaving            ... (opt)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Reusable; one thread at a time.
 */
public final class ByePacket extends RtcpPacketView {
    private static final int FIRST_SSRC = 4;
    private static final int SSRC_SIZE = 4;
    private static final int MAX_REASON = 0xFF;

    @Override
    protected boolean accepts(int packetType, int count) {
        return packetType == RtcpHeader.TYPE_BYE;
    }

    @Override
    protected RtcpMalformation parseBody() {
        int reason = reasonLengthOffset();
        if (reason > contentEnd) {
            return RtcpMalformation.TRUNCATED_FIXED_PART;
        }
        if (reason < contentEnd && contentEnd - reason - 1 < BigEndian.u8(buf, reason)) {
            return RtcpMalformation.BYE_TRUNCATED_REASON;
        }
        return null;
    }

    private int reasonLengthOffset() {
        return off + FIRST_SSRC + sourceCount() * SSRC_SIZE;
    }

    public int sourceCount() {
        return count();
    }

    public long ssrc(int index) {
        return BigEndian.u32(buf, off + FIRST_SSRC + index * SSRC_SIZE);
    }

    /** Whether a reason (possibly empty) follows the SSRCs. */
    public boolean hasReason() {
        return reasonLengthOffset() < contentEnd;
    }

    /** Offset of the reason's text; meaningful when {@link #hasReason()}. */
    public int reasonOffset() {
        return reasonLengthOffset() + 1;
    }

    public int reasonLength() {
        return hasReason() ? BigEndian.u8(buf, reasonLengthOffset()) : 0;
    }

    /** The reason as UTF-8 text, or null; allocates. */
    public String reasonText() {
        return hasReason() ? new String(buf, reasonOffset(), reasonLength(), StandardCharsets.UTF_8) : null;
    }

    /**
     * Writes a BYE for {@code ssrcs[0, ssrcCount)} with an optional reason ({@code reason == null}
     * for none), padded with null octets to 32 bits.
     *
     * @return bytes written
     */
    public static int write(byte[] b, int off, long[] ssrcs, int ssrcCount, byte[] reason) {
        if (ssrcCount > RtcpHeader.MAX_COUNT || (reason != null && reason.length > MAX_REASON)) {
            throw new IllegalArgumentException("a BYE holds at most 31 SSRCs and a 255-byte reason");
        }
        int at = off + FIRST_SSRC;
        for (int i = 0; i < ssrcCount; i++) {
            BigEndian.put32(b, at, ssrcs[i]);
            at += SSRC_SIZE;
        }
        if (reason != null) {
            BigEndian.put8(b, at++, reason.length);
            System.arraycopy(reason, 0, b, at, reason.length);
            at += reason.length;
            while (((at - off) & 3) != 0) {
                b[at++] = 0;
            }
        }
        RtcpHeader.write(b, off, false, ssrcCount, RtcpHeader.TYPE_BYE, at - off);
        return at - off;
    }

    /** Writes a BYE with a text reason, encoded as UTF-8. */
    public static int write(byte[] b, int off, long[] ssrcs, int ssrcCount, String reason) {
        return write(b, off, ssrcs, ssrcCount, reason == null ? null : reason.getBytes(StandardCharsets.UTF_8));
    }
}

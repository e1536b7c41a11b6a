package org.canal.protocol.rtp;

import org.canal.protocol.BigEndian;
import org.canal.protocol.MalformedInputException;

/**
 * A reusable view over one RTP packet in a caller's array (RFC 3550 section 5.1), read and rewritten in
 * place, never copied.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           synchronization source (SSRC) identifier            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |            contributing source (CSRC) identifiers             |
 * |                             ....                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  defined by profile (0xBEDE...) |           length            |  if X (section 5.3.1)
 * |                    header extension (length x 32 bits)        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    payload  ...              | padding | count |  count if P
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>{@link #wrap} validates the structure and reports a refusal through {@link #malformation()}; it
 * allocates nothing either way. The array may extend past {@code off + len}: that tailroom is where an
 * SRTP authentication tag goes ({@link #tailroom()}, {@link #setLength(int)}).
 *
 * <p>32-bit fields (timestamp, SSRC, CSRC) are returned as unsigned values in a {@code long}, so they
 * compare and print like the wire value; setters take the low 32 bits of their argument.
 *
 * <p>Not thread-safe: one thread at a time, and the caller owns the array while the view is in use.
 */
public final class RtpPacket {
    /** Bytes of the fixed header, before the CSRC list. */
    public static final int FIXED_HEADER_LENGTH = 12;
    /** The only RTP version (RFC 3550 section 5.1). */
    public static final int VERSION = 2;

    private static final int VERSION_SHIFT = 6;
    private static final int PADDING_BIT = 0x20;
    private static final int EXTENSION_BIT = 0x10;
    private static final int CSRC_COUNT_MASK = 0x0F;
    private static final int MARKER_BIT = 0x80;
    private static final int PAYLOAD_TYPE_MASK = 0x7F;
    private static final int SEQUENCE_NUMBER_OFFSET = 2;
    private static final int TIMESTAMP_OFFSET = 4;
    private static final int SSRC_OFFSET = 8;
    private static final int CSRC_SIZE = 4;
    /** Profile-defined 16 bits, then the length in 32-bit words (RFC 3550 section 5.3.1). */
    private static final int EXTENSION_HEADER_LENGTH = 4;
    private static final int EXTENSION_LENGTH_OFFSET = 2;

    private byte[] buf;
    private int off;
    private int len;
    private int headerLength;
    private int payloadLength;
    private int paddingLength;
    private RtpMalformation malformation;

    /**
     * The length of the whole RTP header (fixed part, CSRCs and header extension block) of the packet at
     * {@code buf[off, off+len)}, or a negative {@link RtpMalformation#code()} when the header does not
     * fit. Padding is not looked at, so this works on SRTP packets whose padding is encrypted.
     */
    public static int headerLength(byte[] buf, int off, int len) {
        if (len < FIXED_HEADER_LENGTH) {
            return RtpMalformation.TRUNCATED_FIXED_HEADER.code();
        }
        int b0 = buf[off] & 0xFF;
        if (b0 >>> VERSION_SHIFT != VERSION) {
            return RtpMalformation.UNSUPPORTED_VERSION.code();
        }
        int n = FIXED_HEADER_LENGTH + (b0 & CSRC_COUNT_MASK) * CSRC_SIZE;
        if (n > len) {
            return RtpMalformation.TRUNCATED_CSRC_LIST.code();
        }
        if ((b0 & EXTENSION_BIT) != 0) {
            if (n + EXTENSION_HEADER_LENGTH > len) {
                return RtpMalformation.TRUNCATED_EXTENSION_HEADER.code();
            }
            int words = BigEndian.u16(buf, off + n + EXTENSION_LENGTH_OFFSET);
            n += EXTENSION_HEADER_LENGTH + words * 4;
            if (n > len) {
                return RtpMalformation.TRUNCATED_EXTENSION.code();
            }
        }
        return n;
    }

    /**
     * Makes this view show the packet at {@code buf[off, off+len)}. Returns false, with the reason in
     * {@link #malformation()}, when it is not a well-formed RTP packet; the accessors are then undefined.
     */
    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = buf;
        this.off = off;
        this.len = len;
        int n = headerLength(buf, off, len);
        if (n < 0) {
            return refuse(RtpMalformation.ofCode(n));
        }
        int padding = 0;
        if ((buf[off] & PADDING_BIT) != 0) {
            if (n == len) {
                return refuse(RtpMalformation.PADDING_EXCEEDS_PAYLOAD);
            }
            padding = buf[off + len - 1] & 0xFF;
            if (padding == 0) {
                return refuse(RtpMalformation.ZERO_PADDING_COUNT);
            }
            if (padding > len - n) {
                return refuse(RtpMalformation.PADDING_EXCEEDS_PAYLOAD);
            }
        }
        headerLength = n;
        paddingLength = padding;
        payloadLength = len - n - padding;
        malformation = null;
        return true;
    }

    /** Like {@link #wrap} but throws the refusal; for control-plane and test use, not the packet path. */
    public RtpPacket wrapOrThrow(byte[] buf, int off, int len) throws MalformedInputException {
        if (!wrap(buf, off, len)) {
            throw new MalformedInputException(malformation);
        }
        return this;
    }

    private boolean refuse(RtpMalformation reason) {
        malformation = reason;
        headerLength = 0;
        payloadLength = 0;
        paddingLength = 0;
        return false;
    }

    /** Why the last {@link #wrap} refused its input, or null when it accepted it. */
    public RtpMalformation malformation() {
        return malformation;
    }

    public byte[] buffer() {
        return buf;
    }

    public int offset() {
        return off;
    }

    /** Bytes of the packet on the wire: header, payload, padding, and anything set by {@link #setLength}. */
    public int length() {
        return len;
    }

    /** Bytes of the array after the packet, free for an SRTP tag. */
    public int tailroom() {
        return buf.length - (off + len);
    }

    /**
     * Changes {@link #length()}, e.g. to append or strip an SRTP authentication tag written in the
     * tailroom. The payload and padding accessors keep describing the RTP payload as wrapped. Returns
     * false, changing nothing, when no packet is wrapped, the array is too short, or the new length would
     * cut into the wrapped header, payload or padding (wrap again to view a different packet).
     */
    public boolean setLength(int newLength) {
        if (malformation != null || buf == null
                || newLength < headerLength + payloadLength + paddingLength || newLength > buf.length - off) {
            return false;
        }
        len = newLength;
        return true;
    }

    public int version() {
        return (buf[off] & 0xFF) >>> VERSION_SHIFT;
    }

    public boolean hasPadding() {
        return (buf[off] & PADDING_BIT) != 0;
    }

    public boolean hasExtension() {
        return (buf[off] & EXTENSION_BIT) != 0;
    }

    public int csrcCount() {
        return buf[off] & CSRC_COUNT_MASK;
    }

    /** The {@code i}-th CSRC, unsigned; {@code i} must be below {@link #csrcCount()}. */
    public long csrc(int i) {
        return BigEndian.u32(buf, off + FIXED_HEADER_LENGTH + i * CSRC_SIZE);
    }

    public boolean marker() {
        return (buf[off + 1] & MARKER_BIT) != 0;
    }

    public int payloadType() {
        return buf[off + 1] & PAYLOAD_TYPE_MASK;
    }

    public int sequenceNumber() {
        return BigEndian.u16(buf, off + SEQUENCE_NUMBER_OFFSET);
    }

    /** The RTP timestamp, unsigned 32 bits. */
    public long timestamp() {
        return BigEndian.u32(buf, off + TIMESTAMP_OFFSET);
    }

    /** The SSRC, unsigned 32 bits. */
    public long ssrc() {
        return BigEndian.u32(buf, off + SSRC_OFFSET);
    }

    /** Fixed header, CSRCs and header extension block. */
    public int headerLength() {
        return headerLength;
    }

    /** Absolute index in {@link #buffer()} of the first payload byte. */
    public int payloadOffset() {
        return off + headerLength;
    }

    /** Payload bytes, without the padding. */
    public int payloadLength() {
        return payloadLength;
    }

    /** Padding bytes including the count octet; 0 without the P bit. */
    public int paddingLength() {
        return paddingLength;
    }

    /** The 16 profile-defined bits of the extension header (0xBEDE: RFC 8285 one-byte), or -1 without one. */
    public int extensionProfile() {
        return hasExtension() ? BigEndian.u16(buf, extensionHeaderOffset()) : -1;
    }

    /** Absolute index of the first byte after the 4-byte extension header; meaningful with the X bit. */
    public int extensionDataOffset() {
        return extensionHeaderOffset() + EXTENSION_HEADER_LENGTH;
    }

    /** Bytes of extension data after the 4-byte extension header; 0 without the X bit. */
    public int extensionDataLength() {
        return hasExtension() ? BigEndian.u16(buf, extensionHeaderOffset() + EXTENSION_LENGTH_OFFSET) * 4 : 0;
    }

    private int extensionHeaderOffset() {
        return off + FIXED_HEADER_LENGTH + csrcCount() * CSRC_SIZE;
    }

    public void setMarker(boolean marker) {
        int b = buf[off + 1];
        buf[off + 1] = (byte) (marker ? b | MARKER_BIT : b & ~MARKER_BIT);
    }

    /** Sets the 7-bit payload type; higher bits of {@code pt} are ignored. Keeps the marker. */
    public void setPayloadType(int pt) {
        buf[off + 1] = (byte) ((buf[off + 1] & MARKER_BIT) | (pt & PAYLOAD_TYPE_MASK));
    }

    public void setSequenceNumber(int seq) {
        BigEndian.put16(buf, off + SEQUENCE_NUMBER_OFFSET, seq);
    }

    public void setTimestamp(long timestamp) {
        BigEndian.put32(buf, off + TIMESTAMP_OFFSET, timestamp);
    }

    public void setSsrc(long ssrc) {
        BigEndian.put32(buf, off + SSRC_OFFSET, ssrc);
    }
}

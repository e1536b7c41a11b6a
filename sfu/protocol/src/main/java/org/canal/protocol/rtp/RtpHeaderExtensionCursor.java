package org.canal.protocol.rtp;

import org.canal.protocol.BigEndian;

/**
 * A reusable cursor over the elements of an RTP header extension block in the RFC 8285 forms, reading
 * in place without allocating.
 *
 * <p>One-byte form (RFC 8285 section 4.2), profile 0xBEDE; each element is a byte of 4-bit ID and 4-bit
 * L, then L+1 data bytes:
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |       0xBE    |    0xDE       |           length=3            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  ID   | L=0   |     data      |  ID   |  L=1  |   data...
 * </pre>
 * Two-byte form (RFC 8285 section 4.3), profile 0x100 followed by 4 application bits; each element is
 * an 8-bit ID, an 8-bit length L, then L data bytes (L may be 0):
 * <pre>
 * |       0x10    |    0x0X       |           length=3            |
 * |      ID       |     L=0       |     ID        |     L=1       |
 * </pre>
 * In both forms a byte whose ID is 0 is a padding byte, skipped alone (RFC 8285 section 4.1). In the
 * one-byte form an ID of 15 stops processing of the whole block: the elements before it count, the
 * rest is ignored. An element running past the block ends the walk with
 * {@link RtpMalformation#TRUNCATED_EXTENSION_ELEMENT}; the elements before it were already returned.
 *
 * <p>Typical use: {@code if (cursor.reset(packet)) while (cursor.next()) { ... cursor.id() ... }}.
 * Not thread-safe: one thread at a time.
 */
public final class RtpHeaderExtensionCursor {
    /** Profile of the one-byte form (RFC 8285 section 4.2). */
    public static final int ONE_BYTE_PROFILE = 0xBEDE;
    /** Profile of the two-byte form with application bits 0 (RFC 8285 section 4.3). */
    public static final int TWO_BYTE_PROFILE = 0x1000;
    /** The two-byte form is 0x100 in the top 12 bits; the low 4 are application bits. */
    public static final int TWO_BYTE_PROFILE_MASK = 0xFFF0;
    /** Highest ID of the one-byte form; 15 is the stop marker. */
    public static final int ONE_BYTE_MAX_ID = 14;
    /** Highest ID of the two-byte form. */
    public static final int TWO_BYTE_MAX_ID = 255;
    /** Largest data of one one-byte element (L = 15). */
    public static final int ONE_BYTE_MAX_DATA_LENGTH = 16;
    /** Largest data of one two-byte element. */
    public static final int TWO_BYTE_MAX_DATA_LENGTH = 255;

    private static final int PADDING_ID = 0;
    private static final int ONE_BYTE_STOP_ID = 15;

    private byte[] buf;
    private int pos;
    private int end;
    private boolean twoByte;
    private int id;
    private int elementOffset;
    private int dataOffset;
    private int dataLength;
    private RtpMalformation malformation;

    /** True when {@code profile} names one of the two RFC 8285 forms. */
    public static boolean isRfc8285Profile(int profile) {
        return profile == ONE_BYTE_PROFILE || (profile & TWO_BYTE_PROFILE_MASK) == TWO_BYTE_PROFILE;
    }

    /**
     * Places the cursor before the first element of the extension block of a wrapped packet. Returns
     * false, leaving an empty cursor, when the packet has no extension, one of another profile, or was
     * refused by its last {@link RtpPacket#wrap}.
     */
    public boolean reset(RtpPacket packet) {
        if (packet.buffer() == null || packet.malformation() != null) {
            return reset(null, 0, 0, -1);
        }
        int profile = packet.extensionProfile();
        return reset(packet.buffer(), packet.extensionDataOffset(), packet.extensionDataLength(), profile);
    }

    /**
     * Places the cursor before the first element of the extension data at {@code buf[offset,
     * offset+length)} (after the 4-byte extension header), in the form {@code profile} names.
     */
    public boolean reset(byte[] buf, int offset, int length, int profile) {
        this.buf = buf;
        this.malformation = null;
        this.id = 0;
        this.elementOffset = 0;
        this.dataOffset = 0;
        this.dataLength = 0;
        if (!isRfc8285Profile(profile)) {
            this.pos = 0;
            this.end = 0;
            return false;
        }
        this.twoByte = profile != ONE_BYTE_PROFILE;
        this.pos = offset;
        this.end = offset + length;
        return true;
    }

    /**
     * Moves to the next element. Returns false at the end of the block, at a one-byte ID 15, or on an
     * element that does not fit (then {@link #malformation()} says so).
     */
    public boolean next() {
        while (pos < end) {
            int b = buf[pos] & 0xFF;
            int elementId;
            int headerBytes;
            int length;
            if (twoByte) {
                elementId = b;
                if (elementId == PADDING_ID) {
                    pos++;
                    continue;
                }
                if (pos + 2 > end) {
                    return truncated();
                }
                headerBytes = 2;
                length = BigEndian.u8(buf, pos + 1);
            } else {
                elementId = b >>> 4;
                if (elementId == PADDING_ID) {
                    pos++;
                    continue;
                }
                if (elementId == ONE_BYTE_STOP_ID) {
                    pos = end;
                    return false;
                }
                headerBytes = 1;
                length = (b & 0x0F) + 1;
            }
            if (pos + headerBytes + length > end) {
                return truncated();
            }
            id = elementId;
            elementOffset = pos;
            dataOffset = pos + headerBytes;
            dataLength = length;
            pos = dataOffset + length;
            return true;
        }
        return false;
    }

    private boolean truncated() {
        malformation = RtpMalformation.TRUNCATED_EXTENSION_ELEMENT;
        pos = end;
        return false;
    }

    /**
     * Resets to the packet's block and moves to its first element with the given ID. Returns false when
     * there is none (or the walk stopped on a malformed element before it).
     */
    public boolean find(RtpPacket packet, int wantedId) {
        if (!reset(packet)) {
            return false;
        }
        while (next()) {
            if (id == wantedId) {
                return true;
            }
        }
        return false;
    }

    /** True for the two-byte form, false for the one-byte form. */
    public boolean isTwoByte() {
        return twoByte;
    }

    /** The current element's ID. */
    public int id() {
        return id;
    }

    /** Absolute index of the current element's first header byte. */
    public int elementOffset() {
        return elementOffset;
    }

    /** Absolute index of the current element's data. */
    public int dataOffset() {
        return dataOffset;
    }

    /** Bytes of data of the current element (1-16 in the one-byte form, 0-255 in the two-byte form). */
    public int dataLength() {
        return dataLength;
    }

    /** The array the cursor reads. */
    public byte[] buffer() {
        return buf;
    }

    /** Why the last walk stopped early, or null. */
    public RtpMalformation malformation() {
        return malformation;
    }
}

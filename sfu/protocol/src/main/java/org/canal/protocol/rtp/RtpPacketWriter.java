package org.canal.protocol.rtp;

import org.canal.protocol.BigEndian;

/**
 * Writes an RTP packet (RFC 3550 section 5.1) with optional CSRCs, an RFC 8285 header extension block,
 * payload and padding into a caller's array, for tests and synthetic clients. The forwarding path does
 * not build packets; it rewrites them in place through {@link RtpPacket}.
 *
 * <p>Fixed-header fields may be set at any time; the variable parts go in wire order: CSRCs, then the
 * extension block ({@link #beginExtensions} and its elements), then payload, then padding. The block
 * is closed, zero-padded to a 32-bit boundary and its length written, by the first call after it.
 * Misuse (out of order, a value that does not fit the field, an array too short) throws an unchecked
 * exception: this is a builder for trusted callers, not a parser.
 *
 * <p>Reusable through {@link #start}; not thread-safe.
 */
public final class RtpPacketWriter {
    private static final int STAGE_CSRC = 0;
    private static final int STAGE_EXTENSION = 1;
    private static final int STAGE_PAYLOAD = 2;
    private static final int STAGE_PADDING = 3;

    private byte[] buf;
    private int off;
    private int pos;
    private int stage;
    private int extensionStart = -1;
    private int profile;

    /** Begins a packet at {@code buf[off]}: version 2, every other fixed-header field 0. */
    public RtpPacketWriter start(byte[] buf, int off) {
        this.buf = buf;
        this.off = off;
        for (int i = 0; i < RtpPacket.FIXED_HEADER_LENGTH; i++) {
            buf[off + i] = 0;
        }
        buf[off] = (byte) (RtpPacket.VERSION << 6);
        this.pos = off + RtpPacket.FIXED_HEADER_LENGTH;
        this.stage = STAGE_CSRC;
        this.extensionStart = -1;
        return this;
    }

    public RtpPacketWriter marker(boolean marker) {
        buf[off + 1] = (byte) ((buf[off + 1] & 0x7F) | (marker ? 0x80 : 0));
        return this;
    }

    public RtpPacketWriter payloadType(int pt) {
        require(pt >= 0 && pt <= 127, "payload type is 7 bits");
        buf[off + 1] = (byte) ((buf[off + 1] & 0x80) | pt);
        return this;
    }

    public RtpPacketWriter sequenceNumber(int seq) {
        BigEndian.put16(buf, off + 2, seq);
        return this;
    }

    public RtpPacketWriter timestamp(long timestamp) {
        BigEndian.put32(buf, off + 4, timestamp);
        return this;
    }

    public RtpPacketWriter ssrc(long ssrc) {
        BigEndian.put32(buf, off + 8, ssrc);
        return this;
    }

    /** Appends a CSRC; up to 15, before any extension or payload. */
    public RtpPacketWriter csrc(long csrc) {
        require(stage == STAGE_CSRC, "CSRCs come before the extension and payload");
        int cc = buf[off] & 0x0F;
        require(cc < 15, "at most 15 CSRCs");
        buf[off] = (byte) ((buf[off] & 0xF0) | (cc + 1));
        BigEndian.put32(buf, pos, csrc);
        pos += 4;
        return this;
    }

    /** Opens the extension block with its 16 profile-defined bits (0xBEDE, 0x1000-0x100F or any other). */
    public RtpPacketWriter beginExtensions(int profile) {
        require(stage == STAGE_CSRC, "one extension block, after the CSRCs");
        require(profile >= 0 && profile <= 0xFFFF, "profile is 16 bits");
        stage = STAGE_EXTENSION;
        this.profile = profile;
        buf[off] = (byte) (buf[off] | 0x10);
        BigEndian.put16(buf, pos, profile);
        BigEndian.put16(buf, pos + 2, 0);
        pos += 4;
        extensionStart = pos;
        return this;
    }

    /** Appends one RFC 8285 element in the block's form. */
    public RtpPacketWriter extension(int id, byte[] data) {
        return extension(id, data, 0, data.length);
    }

    /** Appends one RFC 8285 element in the block's form, its data from {@code data[from, from+length)}. */
    public RtpPacketWriter extension(int id, byte[] data, int from, int length) {
        require(stage == STAGE_EXTENSION, "elements go inside an open extension block");
        if (profile == RtpHeaderExtensionCursor.ONE_BYTE_PROFILE) {
            require(id >= 1 && id <= RtpHeaderExtensionCursor.ONE_BYTE_MAX_ID, "one-byte IDs are 1-14");
            require(length >= 1 && length <= RtpHeaderExtensionCursor.ONE_BYTE_MAX_DATA_LENGTH,
                    "one-byte elements carry 1-16 bytes");
            buf[pos++] = (byte) ((id << 4) | (length - 1));
        } else {
            require(RtpHeaderExtensionCursor.isRfc8285Profile(profile), "not an RFC 8285 block; use extensionBytes");
            require(id >= 1 && id <= RtpHeaderExtensionCursor.TWO_BYTE_MAX_ID, "two-byte IDs are 1-255");
            require(length >= 0 && length <= RtpHeaderExtensionCursor.TWO_BYTE_MAX_DATA_LENGTH,
                    "two-byte elements carry 0-255 bytes");
            buf[pos++] = (byte) id;
            buf[pos++] = (byte) length;
        }
        System.arraycopy(data, from, buf, pos, length);
        pos += length;
        return this;
    }

    /** Appends raw bytes to the open block: padding zeros between elements, or a non-RFC 8285 body. */
    public RtpPacketWriter extensionBytes(byte[] data) {
        require(stage == STAGE_EXTENSION, "inside an open extension block");
        System.arraycopy(data, 0, buf, pos, data.length);
        pos += data.length;
        return this;
    }

    /** Appends {@code count} zero padding bytes to the open block (RFC 8285 section 4.1). */
    public RtpPacketWriter extensionPadding(int count) {
        require(stage == STAGE_EXTENSION, "inside an open extension block");
        for (int i = 0; i < count; i++) {
            buf[pos++] = 0;
        }
        return this;
    }

    public RtpPacketWriter payload(byte[] data) {
        return payload(data, 0, data.length);
    }

    public RtpPacketWriter payload(byte[] data, int from, int length) {
        require(stage <= STAGE_PAYLOAD, "payload goes before the padding");
        closeExtensions();
        stage = STAGE_PAYLOAD;
        System.arraycopy(data, from, buf, pos, length);
        pos += length;
        return this;
    }

    /** Appends RTP padding of {@code count} bytes, the last one the count (RFC 3550 section 5.1), and sets P. */
    public RtpPacketWriter padding(int count) {
        require(stage <= STAGE_PAYLOAD, "padding once, at the end");
        require(count >= 1 && count <= 255, "padding count is 1-255");
        closeExtensions();
        stage = STAGE_PADDING;
        for (int i = 0; i < count - 1; i++) {
            buf[pos++] = 0;
        }
        buf[pos++] = (byte) count;
        buf[off] = (byte) (buf[off] | 0x20);
        return this;
    }

    /** Closes what is open and returns the packet's length. */
    public int finish() {
        closeExtensions();
        return pos - off;
    }

    private void closeExtensions() {
        if (extensionStart < 0) {
            return;
        }
        while (((pos - extensionStart) & 3) != 0) {
            buf[pos++] = 0;
        }
        int words = (pos - extensionStart) / 4;
        require(words <= 0xFFFF, "extension block longer than 65535 words");
        BigEndian.put16(buf, extensionStart - 2, words);
        extensionStart = -1;
        stage = STAGE_PAYLOAD;
    }

    private static void require(boolean condition, String rule) {
        if (!condition) {
            throw new IllegalArgumentException(rule);
        }
    }
}

package org.canal.protocol.rtcp;

import java.nio.charset.StandardCharsets;
import org.canal.protocol.BigEndian;

/**
 * Writes an SDES packet (RFC 3550 section 6.5) chunk by chunk into a caller's buffer:
 * {@code start}, then for each source {@code chunk(ssrc)} and its {@code item}s, then {@code finish}.
 * The caller provides room; each chunk needs 4 bytes of SSRC, 2 + value bytes per item and up to 4
 * bytes of terminator. Reusable; one thread at a time.
 */
public final class SdesWriter {
    private static final int MAX_ITEM_VALUE = 0xFF;

    private byte[] buf;
    private int off;
    private int at;
    private int chunks;
    private boolean inChunk;

    /** Starts a packet at {@code off}. */
    public SdesWriter start(byte[] buf, int off) {
        this.buf = buf;
        this.off = off;
        this.at = off + SdesPacket.FIRST_CHUNK;
        this.chunks = 0;
        this.inChunk = false;
        return this;
    }

    /** Starts the chunk of one source, closing the previous one. */
    public SdesWriter chunk(long ssrc) {
        if (chunks == RtcpHeader.MAX_COUNT) {
            throw new IllegalStateException("an SDES packet holds at most 31 chunks");
        }
        closeChunk();
        BigEndian.put32(buf, at, ssrc);
        at += SdesPacket.SSRC_SIZE;
        chunks++;
        inChunk = true;
        return this;
    }

    /** Adds an item (type 1 to 255) to the current chunk. */
    public SdesWriter item(int type, byte[] value, int valueOff, int valueLen) {
        if (!inChunk || type == SdesPacket.ITEM_END || valueLen > MAX_ITEM_VALUE) {
            throw new IllegalArgumentException("an item needs a chunk, a non-zero type and at most 255 bytes");
        }
        BigEndian.put8(buf, at, type);
        BigEndian.put8(buf, at + 1, valueLen);
        System.arraycopy(value, valueOff, buf, at + SdesPacket.ITEM_HEADER, valueLen);
        at += SdesPacket.ITEM_HEADER + valueLen;
        return this;
    }

    /** Adds a text item, encoded as UTF-8. */
    public SdesWriter item(int type, String text) {
        byte[] value = text.getBytes(StandardCharsets.UTF_8);
        return item(type, value, 0, value.length);
    }

    /** Closes the last chunk and writes the header; returns the packet's length in bytes. */
    public int finish() {
        closeChunk();
        int length = at - off;
        RtcpHeader.write(buf, off, false, chunks, RtcpHeader.TYPE_SDES, length);
        return length;
    }

    private void closeChunk() {
        if (!inChunk) {
            return;
        }
        // One null item type, then null octets to the 32-bit boundary (RFC 3550 section 6.5).
        do {
            buf[at++] = 0;
        } while (((at - off) & 3) != 0);
        inChunk = false;
    }
}

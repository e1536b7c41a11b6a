package org.canal.protocol.rtcp;

import java.nio.charset.StandardCharsets;
import org.canal.protocol.BigEndian;

/**
 * Source description, SDES (RFC 3550 section 6.5): SC chunks, each an SSRC followed by items (CNAME,
 * NAME, ...) and closed by a null item type plus null octets up to the next 32-bit boundary.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|    SC   |  PT=SDES=202  |             length            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                          SSRC/CSRC_1                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |    type       |     length    | text (length octets) ...      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  ... more items ...  |  0 (end) |  null octets to 32 bits     |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                          SSRC/CSRC_2  ...                     |
 * </pre>
 * {@link #wrap} checks every chunk and item; then {@link #nextChunk()} and {@link #nextItem()} walk
 * them in place. Bytes after the SC-th chunk are ignored. Reusable; one thread at a time.
 */
public final class SdesPacket extends RtcpPacketView {
    public static final int ITEM_END = 0;
    public static final int ITEM_CNAME = 1;
    public static final int ITEM_NAME = 2;
    public static final int ITEM_EMAIL = 3;
    public static final int ITEM_PHONE = 4;
    public static final int ITEM_LOC = 5;
    public static final int ITEM_TOOL = 6;
    public static final int ITEM_NOTE = 7;
    public static final int ITEM_PRIV = 8;

    static final int FIRST_CHUNK = 4;
    static final int SSRC_SIZE = 4;
    static final int ITEM_HEADER = 2;

    private int chunkIndex;
    private int chunkOffset;
    private int itemCursor;
    private int itemOffset;

    @Override
    protected boolean accepts(int packetType, int count) {
        return packetType == RtcpHeader.TYPE_SDES;
    }

    @Override
    protected RtcpMalformation parseBody() {
        int p = off + FIRST_CHUNK;
        for (int chunk = 0; chunk < chunkCount(); chunk++) {
            if (contentEnd - p < SSRC_SIZE) {
                return RtcpMalformation.SDES_TRUNCATED_CHUNK;
            }
            p += SSRC_SIZE;
            while (true) {
                if (p >= contentEnd) {
                    return RtcpMalformation.SDES_TRUNCATED_CHUNK;
                }
                if (BigEndian.u8(buf, p) == ITEM_END) {
                    p = endOfChunk(p);
                    if (p > contentEnd) {
                        return RtcpMalformation.SDES_TRUNCATED_CHUNK;
                    }
                    break;
                }
                if (contentEnd - p < ITEM_HEADER || contentEnd - p - ITEM_HEADER < BigEndian.u8(buf, p + 1)) {
                    return RtcpMalformation.SDES_TRUNCATED_ITEM;
                }
                p += ITEM_HEADER + BigEndian.u8(buf, p + 1);
            }
        }
        rewindChunks();
        return null;
    }

    /** The null item at {@code p} and the null octets after it reach the next 32-bit boundary. */
    private int endOfChunk(int p) {
        int used = p + 1 - off;
        return off + ((used + 3) & ~3);
    }

    public int chunkCount() {
        return count();
    }

    /** Goes back to before the first chunk. */
    public void rewindChunks() {
        chunkIndex = -1;
        chunkOffset = off;
        itemCursor = off;
        itemOffset = off;
    }

    /** Moves to the next chunk; false after the last. Its items are then walked with {@link #nextItem()}. */
    public boolean nextChunk() {
        if (chunkIndex >= 0) {
            // Skip the rest of the current chunk's items first.
            while (nextItem()) {
                // nothing: nextItem advances the cursor
            }
            chunkOffset = endOfChunk(itemCursor);
        } else {
            chunkOffset = off + FIRST_CHUNK;
        }
        if (chunkIndex + 1 >= chunkCount()) {
            chunkIndex = chunkCount();
            return false;
        }
        chunkIndex++;
        itemCursor = chunkOffset + SSRC_SIZE;
        itemOffset = itemCursor;
        return true;
    }

    public long chunkSsrc() {
        return BigEndian.u32(buf, chunkOffset);
    }

    /** Moves to the current chunk's next item; false at its end (the null item). */
    public boolean nextItem() {
        if (chunkIndex < 0 || chunkIndex >= chunkCount() || BigEndian.u8(buf, itemCursor) == ITEM_END) {
            return false;
        }
        itemOffset = itemCursor;
        itemCursor += ITEM_HEADER + BigEndian.u8(buf, itemCursor + 1);
        return true;
    }

    public int itemType() {
        return BigEndian.u8(buf, itemOffset);
    }

    /** Offset of the item's value (its text) in {@link #buffer()}. */
    public int itemValueOffset() {
        return itemOffset + ITEM_HEADER;
    }

    public int itemValueLength() {
        return BigEndian.u8(buf, itemOffset + 1);
    }

    /** The item's value as UTF-8 text; allocates, so not for the packet path. */
    public String itemText() {
        return new String(buf, itemValueOffset(), itemValueLength(), StandardCharsets.UTF_8);
    }
}

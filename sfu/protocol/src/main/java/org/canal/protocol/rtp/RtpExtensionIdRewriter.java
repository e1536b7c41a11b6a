package org.canal.protocol.rtp;

/**
 * Rewrites the IDs of a packet's RFC 8285 header extension elements in place, from the IDs a publisher
 * negotiated to those a subscriber negotiated ({@code a=extmap}, RFC 8285 section 5), so that a
 * forwarded packet needs no copy.
 *
 * <p>The mapping is an {@code int[] idMap} indexed by the publisher's ID: {@code idMap[id]} is the
 * subscriber's ID. An ID of 0, or a publisher ID beyond the table, drops the element: its header and
 * data bytes are overwritten with zeros, which are padding bytes in both forms (RFC 8285 section 4.1),
 * so the block keeps its length and every other element its place. Elements after a one-byte ID 15
 * are not elements (section 4.2) and are left as they are.
 *
 * <p>The rewrite is all or nothing: the block is checked first, and nothing is written when an element
 * is truncated or a mapped ID does not fit the block's form (1-14 one-byte, 1-255 two-byte). A packet
 * without an RFC 8285 block is left alone and accepted. Allocates nothing.
 *
 * <p>Not thread-safe: one instance per thread (it holds a cursor).
 */
public final class RtpExtensionIdRewriter {
    private final RtpHeaderExtensionCursor cursor = new RtpHeaderExtensionCursor();

    /** Rewrites {@code packet}'s extension IDs through {@code idMap}; returns null, or why nothing was written. */
    public RtpMalformation rewrite(RtpPacket packet, int[] idMap) {
        if (!cursor.reset(packet)) {
            return null;
        }
        int maxId = cursor.isTwoByte() ? RtpHeaderExtensionCursor.TWO_BYTE_MAX_ID
                : RtpHeaderExtensionCursor.ONE_BYTE_MAX_ID;
        while (cursor.next()) {
            int to = mapped(idMap, cursor.id());
            if (to < 0 || to > maxId) {
                return RtpMalformation.EXTENSION_ID_DOES_NOT_FIT;
            }
        }
        if (cursor.malformation() != null) {
            return cursor.malformation();
        }
        cursor.reset(packet);
        byte[] buf = cursor.buffer();
        while (cursor.next()) {
            int to = mapped(idMap, cursor.id());
            int at = cursor.elementOffset();
            if (to == 0) {
                for (int i = at, end = cursor.dataOffset() + cursor.dataLength(); i < end; i++) {
                    buf[i] = 0;
                }
            } else if (cursor.isTwoByte()) {
                buf[at] = (byte) to;
            } else {
                buf[at] = (byte) ((to << 4) | (buf[at] & 0x0F));
            }
        }
        return null;
    }

    private static int mapped(int[] idMap, int id) {
        return id < idMap.length ? idMap[id] : 0;
    }
}

package org.canal.protocol.srtp;

import java.util.Arrays;

/**
 * Per-SSRC state of one {@link SrtpContext}: an open-addressing hash table keyed by the int SSRC,
 * with the state in parallel primitive arrays, so that finding a stream allocates nothing and
 * the whole table is sized once, when the context is made.
 *
 * <p>At most {@code capacity} SSRCs; a new one past that is refused. Streams are never removed
 * (linear probing without tombstones): a context lives as long as its DTLS association, and a
 * browser uses a handful of SSRCs in that time.
 *
 * <p>Replay windows (RFC 3711 section 3.3.2) are circular bitmaps: bit {@code index mod W} says
 * whether that index in [highest - W + 1, highest] was received. SRTP uses W = 1024, as libwebrtc
 * configures libsrtp, because without RTX a NACKed packet is retransmitted under its original
 * sequence number and arrives well after its neighbours; SRTCP uses W = 128.
 *
 * <p>One thread at a time.
 */
final class SrtpStreamTable {
    /** {@link #find} returns this when the SSRC is new and the table is full. */
    static final int FULL = Integer.MIN_VALUE;
    static final int RTP_WINDOW = 1024;
    static final int RTCP_WINDOW = 128;
    private static final int RTP_WORDS = RTP_WINDOW / 64;
    private static final int RTCP_WORDS = RTCP_WINDOW / 64;

    /** Outcomes of a replay check. */
    static final int FRESH = 0;
    static final int REPLAYED = 1;
    static final int TOO_OLD = 2;

    private final int capacity;
    private final int mask;
    private final int[] ssrcs;
    private final boolean[] used;
    private int count;

    /** Highest SRTP index (ROC << 16 | SEQ) received, or -1 before the first. */
    private final long[] rtpReceived;
    private final long[] rtpWindow;
    /** Highest SRTP index protected, or -1 before the first. */
    private final long[] rtpSent;
    /** Highest SRTCP index received, or -1 before the first. */
    private final long[] rtcpReceived;
    private final long[] rtcpWindow;
    /** Next SRTCP index to send; past 2^31 - 1 the key is used up. */
    private final long[] rtcpNext;

    SrtpStreamTable(int capacity) {
        if (capacity < 1 || capacity > (1 << 16)) {
            throw new IllegalArgumentException("between 1 and 65536 SSRCs per context, not " + capacity);
        }
        this.capacity = capacity;
        int size = Integer.highestOneBit(capacity * 2 - 1) << 1;
        this.mask = size - 1;
        this.ssrcs = new int[size];
        this.used = new boolean[size];
        this.rtpReceived = new long[size];
        this.rtpWindow = new long[size * RTP_WORDS];
        this.rtpSent = new long[size];
        this.rtcpReceived = new long[size];
        this.rtcpWindow = new long[size * RTCP_WORDS];
        this.rtcpNext = new long[size];
    }

    int count() {
        return count;
    }

    /** The slot of {@code ssrc}; if it is new, {@code ~slot} of the free slot it would take, or {@link #FULL}. */
    int find(int ssrc) {
        int i = (ssrc * 0x9E3779B9) >>> 16 & mask;
        while (used[i]) {
            if (ssrcs[i] == ssrc) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return count == capacity ? FULL : ~i;
    }

    /** Takes the free slot {@link #find} named for a new SSRC, with no packets seen yet. */
    int claim(int freeSlot, int ssrc) {
        used[freeSlot] = true;
        ssrcs[freeSlot] = ssrc;
        rtpReceived[freeSlot] = -1;
        rtpSent[freeSlot] = -1;
        rtcpReceived[freeSlot] = -1;
        rtcpNext[freeSlot] = 0;
        count++;
        return freeSlot;
    }

    long rtpReceived(int slot) {
        return slot < 0 ? -1 : rtpReceived[slot];
    }

    long rtpSent(int slot) {
        return rtpSent[slot];
    }

    void rtpSent(int slot, long index) {
        if (index > rtpSent[slot]) {
            rtpSent[slot] = index;
        }
    }

    long rtcpNext(int slot) {
        return rtcpNext[slot];
    }

    void rtcpNext(int slot, long index) {
        rtcpNext[slot] = index;
    }

    int checkRtp(int slot, long index) {
        return slot < 0 ? FRESH : check(rtpWindow, slot * RTP_WORDS, RTP_WINDOW, rtpReceived[slot], index);
    }

    void commitRtp(int slot, long index) {
        rtpReceived[slot] = commit(rtpWindow, slot * RTP_WORDS, RTP_WINDOW, rtpReceived[slot], index);
    }

    int checkRtcp(int slot, long index) {
        return slot < 0 ? FRESH : check(rtcpWindow, slot * RTCP_WORDS, RTCP_WINDOW, rtcpReceived[slot], index);
    }

    void commitRtcp(int slot, long index) {
        rtcpReceived[slot] = commit(rtcpWindow, slot * RTCP_WORDS, RTCP_WINDOW, rtcpReceived[slot], index);
    }

    private static int check(long[] w, int base, int size, long highest, long index) {
        if (highest < 0 || index > highest) {
            return FRESH;
        }
        if (highest - index >= size) {
            return TOO_OLD;
        }
        int bit = (int) (index & (size - 1));
        return (w[base + (bit >>> 6)] & (1L << bit)) != 0 ? REPLAYED : FRESH;
    }

    /** Marks {@code index} received and returns the new highest index. */
    private static long commit(long[] w, int base, int size, long highest, long index) {
        if (highest < 0 || index - highest >= size) {
            Arrays.fill(w, base, base + size / 64, 0L);
        } else {
            // Indices skipped over as the window advances have not been received: clear their bits.
            for (long i = highest + 1; i < index; i++) {
                int bit = (int) (i & (size - 1));
                w[base + (bit >>> 6)] &= ~(1L << bit);
            }
        }
        int bit = (int) (index & (size - 1));
        w[base + (bit >>> 6)] |= 1L << bit;
        return Math.max(highest, index);
    }
}

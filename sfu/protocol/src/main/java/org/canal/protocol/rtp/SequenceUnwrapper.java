package org.canal.protocol.rtp;

/**
 * Extends wrapping 16-bit RTP sequence numbers into a 64-bit count that keeps growing across
 * wrap-around, as RFC 3550 appendix A.1 does with its cycle count, so that loss and reordering can be
 * computed with plain subtraction.
 *
 * <p>Each number is placed at the signed 16-bit distance ({@link SequenceNumbers#distance}) from the
 * highest number seen so far, so a late packet from before a wrap (65535 arriving after 0) gets the
 * value just below, not 65536 above. The first number unwraps to itself; a packet older than the first
 * one across the wrap gets a negative value. Only a newer number moves the reference.
 *
 * <p>Reusable through {@link #reset()}; not thread-safe: one instance per stream and thread.
 */
public final class SequenceUnwrapper {
    private long highest;
    private boolean started;

    /** The extended value of {@code seq} (taken modulo 2^16); remembers it when it is the newest. */
    public long unwrap(int seq) {
        long value = peek(seq);
        if (!started || value > highest) {
            highest = value;
            started = true;
        }
        return value;
    }

    /** The extended value {@link #unwrap} would give, without remembering anything. */
    public long peek(int seq) {
        int s = seq & 0xFFFF;
        if (!started) {
            return s;
        }
        return highest + SequenceNumbers.distance(s, (int) highest);
    }

    /** The highest extended value seen; meaningful after the first {@link #unwrap}. */
    public long highest() {
        return highest;
    }

    public boolean started() {
        return started;
    }

    /** Forgets every number seen, e.g. when the stream's SSRC changes. */
    public void reset() {
        started = false;
        highest = 0;
    }
}

package org.canal.protocol.rtcp;

import static org.canal.protocol.rtcp.TransportCcFeedbackPacket.CHUNK_SIZE;
import static org.canal.protocol.rtcp.TransportCcFeedbackPacket.FIRST_CHUNK;
import static org.canal.protocol.rtcp.TransportCcFeedbackPacket.ONE_BIT_CAPACITY;
import static org.canal.protocol.rtcp.TransportCcFeedbackPacket.RUN_LENGTH_MASK;
import static org.canal.protocol.rtcp.TransportCcFeedbackPacket.RUN_SYMBOL_SHIFT;
import static org.canal.protocol.rtcp.TransportCcFeedbackPacket.STATUS_LARGE_DELTA;
import static org.canal.protocol.rtcp.TransportCcFeedbackPacket.STATUS_NOT_RECEIVED;
import static org.canal.protocol.rtcp.TransportCcFeedbackPacket.STATUS_SMALL_DELTA;
import static org.canal.protocol.rtcp.TransportCcFeedbackPacket.TWO_BIT_CAPACITY;
import static org.canal.protocol.rtcp.TransportCcFeedbackPacket.TWO_BIT_FLAG;
import static org.canal.protocol.rtcp.TransportCcFeedbackPacket.VECTOR_BIT;

import org.canal.protocol.BigEndian;

/**
 * Builds a transport-wide congestion control feedback packet
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01 section 3.1) from the packets a receiver saw:
 * {@link #reset}, then {@link #addReceived} in sequence order, then {@link #write}. Sequence numbers
 * skipped between two received packets are reported as not received.
 *
 * <p>Arrival times are in microseconds on the same time line as the reference time (reference time
 * {@code r} is {@code r * 64 ms} on it); they are rounded down to 250 us ticks and each delta is
 * taken from the previous rounded time, so rounding never accumulates and a parser reading the
 * packet back gets exactly the rounded times.
 *
 * <p>Chunks, greedily from the first status: a run-length chunk when the run of equal statuses
 * starting there covers at least 14 statuses or all that are left; otherwise a one-bit vector of up
 * to 14 when none of them needs a large delta; otherwise a two-bit vector of up to 7. The packet
 * ends with zero padding to 32 bits, as the draft shows, without setting the P bit, so that it may
 * sit anywhere in a compound.
 *
 * <p>Holds preallocated arrays for its capacity and allocates nothing afterwards. Reusable; one
 * thread at a time.
 */
public final class TransportCcFeedbackWriter {
    /** The packet status count is a 16-bit field. */
    public static final int MAX_STATUSES = 0xFFFF;
    private static final int SEQUENCE_MASK = 0xFFFF;
    private static final int REFERENCE_TIME_MASK = 0xFF_FFFF;
    private static final int TICKS_PER_REFERENCE = (int) (TransportCcFeedbackPacket.MICROS_PER_REFERENCE_TICK
            / TransportCcFeedbackPacket.MICROS_PER_DELTA_TICK);
    private static final int SMALL_DELTA_MAX = 0xFF;

    private final byte[] statuses;
    private final short[] deltas;
    private int baseSequence;
    private int referenceTime;
    private int feedbackCount;
    private int statusCount;
    private int receivedCount;
    private long lastTicks;

    /** A writer for feedback of up to {@code capacity} statuses (1 to 65535). */
    public TransportCcFeedbackWriter(int capacity) {
        if (capacity < 1 || capacity > MAX_STATUSES) {
            throw new IllegalArgumentException("capacity must be 1 to 65535 statuses, was " + capacity);
        }
        statuses = new byte[capacity];
        deltas = new short[capacity];
    }

    /**
     * Starts a new feedback packet.
     *
     * @param referenceTime in 64 ms units; its low 24 bits are written
     * @param feedbackPacketCount the 8-bit count of feedback packets sent so far
     */
    public void reset(int baseSequence, int referenceTime, int feedbackPacketCount) {
        this.baseSequence = baseSequence & SEQUENCE_MASK;
        this.referenceTime = referenceTime;
        this.feedbackCount = feedbackPacketCount & 0xFF;
        this.statusCount = 0;
        this.receivedCount = 0;
        this.lastTicks = (long) referenceTime * TICKS_PER_REFERENCE;
    }

    /** The reference time (64 ms units) that covers an arrival time, for {@link #reset}. */
    public static int referenceTimeFor(long arrivalMicros) {
        return (int) Math.floorDiv(arrivalMicros, TransportCcFeedbackPacket.MICROS_PER_REFERENCE_TICK);
    }

    /**
     * Adds a received packet. Refused (false, nothing changed) when the sequence number is not after
     * the last one added, does not fit in the capacity, or its delta from the previous arrival does
     * not fit in 16 signed bits of 250 us; the caller then writes this packet and starts another.
     */
    public boolean addReceived(int sequence, long arrivalMicros) {
        int index = (sequence - baseSequence) & SEQUENCE_MASK;
        if (index < statusCount || index >= statuses.length) {
            return false;
        }
        long ticks = Math.floorDiv(arrivalMicros, TransportCcFeedbackPacket.MICROS_PER_DELTA_TICK);
        long delta = ticks - lastTicks;
        if (delta < Short.MIN_VALUE || delta > Short.MAX_VALUE) {
            return false;
        }
        while (statusCount < index) {
            statuses[statusCount] = STATUS_NOT_RECEIVED;
            deltas[statusCount++] = 0;
        }
        statuses[statusCount] = (byte) (delta >= 0 && delta <= SMALL_DELTA_MAX ? STATUS_SMALL_DELTA : STATUS_LARGE_DELTA);
        deltas[statusCount++] = (short) delta;
        receivedCount++;
        lastTicks = ticks;
        return true;
    }

    public int statusCount() {
        return statusCount;
    }

    public int receivedCount() {
        return receivedCount;
    }

    /** The size {@link #write} will take, padding included. */
    public int length() {
        int unpadded = FeedbackPacket.FCI + FIRST_CHUNK + encodeChunks(null, 0) * CHUNK_SIZE + deltaBytes();
        return (unpadded + 3) & ~3;
    }

    private int deltaBytes() {
        int bytes = 0;
        for (int i = 0; i < statusCount; i++) {
            bytes += statuses[i]; // 1 byte for a small delta, 2 for a large one, as the symbol says
        }
        return bytes;
    }

    /** Writes the packet at {@code off}; returns bytes written, {@link #length()}. */
    public int write(byte[] b, int off, long senderSsrc, long mediaSsrc) {
        int fci = off + FeedbackPacket.FCI;
        BigEndian.put16(b, fci + TransportCcFeedbackPacket.BASE_SEQUENCE, baseSequence);
        BigEndian.put16(b, fci + TransportCcFeedbackPacket.STATUS_COUNT, statusCount);
        BigEndian.put24(b, fci + TransportCcFeedbackPacket.REFERENCE_TIME, referenceTime & REFERENCE_TIME_MASK);
        BigEndian.put8(b, fci + TransportCcFeedbackPacket.FEEDBACK_COUNT, feedbackCount);
        int at = fci + FIRST_CHUNK + encodeChunks(b, fci + FIRST_CHUNK) * CHUNK_SIZE;
        for (int i = 0; i < statusCount; i++) {
            if (statuses[i] == STATUS_SMALL_DELTA) {
                BigEndian.put8(b, at++, deltas[i]);
            } else if (statuses[i] == STATUS_LARGE_DELTA) {
                BigEndian.put16(b, at, deltas[i]);
                at += 2;
            }
        }
        while (((at - off) & 3) != 0) {
            b[at++] = 0;
        }
        int length = at - off;
        FeedbackPacket.writeHeader(b, off, RtcpHeader.TYPE_RTPFB, RtcpHeader.FMT_TRANSPORT_CC, senderSsrc, mediaSsrc,
                length);
        return length;
    }

    /** Encodes the chunks at {@code at} (or only counts them when {@code b} is null); returns the count. */
    private int encodeChunks(byte[] b, int at) {
        int chunks = 0;
        int i = 0;
        while (i < statusCount) {
            int remaining = statusCount - i;
            int run = runAt(i);
            int chunk;
            int covered;
            if (run >= Math.min(ONE_BIT_CAPACITY, remaining)) {
                chunk = (statuses[i] << RUN_SYMBOL_SHIFT) | run;
                covered = run;
            } else if (!hasLargeDelta(i, Math.min(ONE_BIT_CAPACITY, remaining))) {
                covered = Math.min(ONE_BIT_CAPACITY, remaining);
                chunk = VECTOR_BIT;
                for (int k = 0; k < covered; k++) {
                    chunk |= statuses[i + k] << (ONE_BIT_CAPACITY - 1 - k);
                }
            } else {
                covered = Math.min(TWO_BIT_CAPACITY, remaining);
                chunk = VECTOR_BIT | TWO_BIT_FLAG;
                for (int k = 0; k < covered; k++) {
                    chunk |= statuses[i + k] << (2 * (TWO_BIT_CAPACITY - 1 - k));
                }
            }
            if (b != null) {
                BigEndian.put16(b, at + chunks * CHUNK_SIZE, chunk);
            }
            chunks++;
            i += covered;
        }
        return chunks;
    }

    private int runAt(int i) {
        int run = 1;
        while (i + run < statusCount && statuses[i + run] == statuses[i] && run < RUN_LENGTH_MASK) {
            run++;
        }
        return run;
    }

    private boolean hasLargeDelta(int from, int count) {
        for (int k = from; k < from + count; k++) {
            if (statuses[k] == STATUS_LARGE_DELTA) {
                return true;
            }
        }
        return false;
    }
}

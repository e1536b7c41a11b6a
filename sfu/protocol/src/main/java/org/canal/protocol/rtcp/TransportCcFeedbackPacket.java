package org.canal.protocol.rtcp;

import org.canal.protocol.BigEndian;

/**
 * Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01
 * section 3.1): transport-layer feedback (PT 205) with FMT 15, telling the sender which
 * transport-wide sequence numbers arrived and when.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|  FMT=15 |    PT=205     |           length              |
 * |                     SSRC of packet sender                     |
 * |                      SSRC of media source                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      base sequence number     |      packet status count      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 reference time                | fb pkt. count |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          packet chunk         |         packet chunk          |
 * :              ...              :  recv delta   |  recv delta   :
 * |           recv delta          |  recv delta   | zero padding  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * Packet chunks (section 3.1.3, 3.1.4), 16 bits each:
 * <pre>
 * run length:    |0|S S|       run length (13 bits)      |   S = symbol for all of them
 * status vector: |1|0| 14 one-bit symbols: 0 not received, 1 received (small delta) |
 * status vector: |1|1| 7 two-bit symbols: 00 not received, 01 small delta, 10 large delta, 11 reserved |
 * </pre>
 * The reference time is a signed 24-bit count of 64 ms; each received packet has a receive delta
 * from the previous received packet (the first from the reference time) in 250 us ticks: one
 * unsigned byte for a small delta, two signed bytes for a large or negative one (section 3.1.5).
 *
 * <p>{@link #wrap} checks the chunks and deltas once; {@link #rewindStatuses()} and
 * {@link #nextStatus()} then walk every packet status in order without allocating. Bytes after the
 * deltas (zero padding) are ignored, as are symbols of the last chunk beyond the status count.
 * Reusable; one thread at a time.
 */
public final class TransportCcFeedbackPacket extends FeedbackPacket {
    public static final int STATUS_NOT_RECEIVED = 0;
    public static final int STATUS_SMALL_DELTA = 1;
    public static final int STATUS_LARGE_DELTA = 2;
    static final int STATUS_RESERVED = 3;

    public static final long MICROS_PER_REFERENCE_TICK = 64_000;
    public static final long MICROS_PER_DELTA_TICK = 250;

    static final int BASE_SEQUENCE = 0;
    static final int STATUS_COUNT = 2;
    static final int REFERENCE_TIME = 4;
    static final int FEEDBACK_COUNT = 7;
    static final int FIRST_CHUNK = 8;
    static final int CHUNK_SIZE = 2;

    static final int VECTOR_BIT = 0x8000;
    static final int TWO_BIT_FLAG = 0x4000;
    static final int RUN_SYMBOL_SHIFT = 13;
    static final int RUN_LENGTH_MASK = 0x1FFF;
    static final int ONE_BIT_CAPACITY = 14;
    static final int TWO_BIT_CAPACITY = 7;
    private static final int SEQUENCE_MASK = 0xFFFF;
    private static final int SIGN_EXTEND_24 = 8;

    private int deltasOffset;

    private int statusIndex;
    private int chunkCursor;
    private int chunk;
    private int chunkCapacity;
    private int chunkSymbol;
    private int deltaCursor;
    private int status;
    private int delta;
    private long arrivalTicks;

    public TransportCcFeedbackPacket() {
        super(RtcpHeader.TYPE_RTPFB, RtcpHeader.FMT_TRANSPORT_CC);
    }

    @Override
    protected RtcpMalformation parseFci() {
        if (fciLength() < FIRST_CHUNK) {
            return RtcpMalformation.TRUNCATED_FIXED_PART;
        }
        int p = fciOffset() + FIRST_CHUNK;
        int remaining = packetStatusCount();
        int deltaBytes = 0;
        while (remaining > 0) {
            if (contentEnd - p < CHUNK_SIZE) {
                return RtcpMalformation.TCC_TRUNCATED_CHUNKS;
            }
            int c = BigEndian.u16(buf, p);
            p += CHUNK_SIZE;
            int n = Math.min(capacity(c), remaining);
            for (int i = 0; i < n; i++) {
                int s = symbol(c, i);
                if (s == STATUS_RESERVED) {
                    return RtcpMalformation.TCC_RESERVED_SYMBOL;
                }
                deltaBytes += s; // a small delta takes 1 byte, a large one 2: the symbol's value
            }
            remaining -= n;
        }
        if (contentEnd - p < deltaBytes) {
            return RtcpMalformation.TCC_TRUNCATED_DELTAS;
        }
        deltasOffset = p;
        rewindStatuses();
        return null;
    }

    static int capacity(int chunk) {
        if ((chunk & VECTOR_BIT) == 0) {
            return chunk & RUN_LENGTH_MASK;
        }
        return (chunk & TWO_BIT_FLAG) == 0 ? ONE_BIT_CAPACITY : TWO_BIT_CAPACITY;
    }

    /** Symbol {@code i} of a chunk, {@code i} below its capacity; the first symbol is the most significant. */
    static int symbol(int chunk, int i) {
        if ((chunk & VECTOR_BIT) == 0) {
            return (chunk >>> RUN_SYMBOL_SHIFT) & 0x3;
        }
        if ((chunk & TWO_BIT_FLAG) == 0) {
            return (chunk >>> (ONE_BIT_CAPACITY - 1 - i)) & 0x1;
        }
        return (chunk >>> (2 * (TWO_BIT_CAPACITY - 1 - i))) & 0x3;
    }

    public int baseSequenceNumber() {
        return BigEndian.u16(buf, fciOffset() + BASE_SEQUENCE);
    }

    public int packetStatusCount() {
        return BigEndian.u16(buf, fciOffset() + STATUS_COUNT);
    }

    /** Signed, in 64 ms units, in a time base of the feedback sender's choosing. */
    public int referenceTime() {
        return BigEndian.u24(buf, fciOffset() + REFERENCE_TIME) << SIGN_EXTEND_24 >> SIGN_EXTEND_24;
    }

    public long referenceTimeMicros() {
        return referenceTime() * MICROS_PER_REFERENCE_TICK;
    }

    /** Counts feedback packets sent, so the media sender can tell one was lost. */
    public int feedbackPacketCount() {
        return BigEndian.u8(buf, fciOffset() + FEEDBACK_COUNT);
    }

    /** Number of packet chunks (the bytes from the first chunk to the deltas, halved). */
    public int chunkCount() {
        return (deltasOffset - fciOffset() - FIRST_CHUNK) / CHUNK_SIZE;
    }

    /** Goes back to before the first packet status. */
    public void rewindStatuses() {
        statusIndex = 0;
        chunkCursor = fciOffset() + FIRST_CHUNK;
        chunkCapacity = 0;
        chunkSymbol = 0;
        deltaCursor = deltasOffset;
        status = STATUS_NOT_RECEIVED;
        delta = 0;
        arrivalTicks = 0;
    }

    /** Moves to the next packet status; false after the last of {@link #packetStatusCount()}. */
    public boolean nextStatus() {
        if (statusIndex >= packetStatusCount()) {
            return false;
        }
        while (chunkSymbol >= chunkCapacity) {
            chunk = BigEndian.u16(buf, chunkCursor);
            chunkCursor += CHUNK_SIZE;
            chunkCapacity = capacity(chunk);
            chunkSymbol = 0;
        }
        status = symbol(chunk, chunkSymbol++);
        if (status == STATUS_SMALL_DELTA) {
            delta = BigEndian.u8(buf, deltaCursor);
            deltaCursor += 1;
        } else if (status == STATUS_LARGE_DELTA) {
            delta = (short) BigEndian.u16(buf, deltaCursor);
            deltaCursor += 2;
        } else {
            delta = 0;
        }
        arrivalTicks += delta;
        statusIndex++;
        return true;
    }

    /** The transport-wide sequence number of the current status. */
    public int sequenceNumber() {
        return (baseSequenceNumber() + statusIndex - 1) & SEQUENCE_MASK;
    }

    /** {@link #STATUS_NOT_RECEIVED}, {@link #STATUS_SMALL_DELTA} or {@link #STATUS_LARGE_DELTA}. */
    public int status() {
        return status;
    }

    public boolean isReceived() {
        return status != STATUS_NOT_RECEIVED;
    }

    /** Receive delta in 250 us ticks from the previous received packet; 0 when not received. */
    public int deltaTicks() {
        return delta;
    }

    /** Arrival time of the current (received) packet: the reference time plus all deltas so far. */
    public long arrivalMicros() {
        return referenceTimeMicros() + arrivalTicks * MICROS_PER_DELTA_TICK;
    }
}

package org.canal.media.engine;

import org.canal.protocol.rtcp.ReportBlock;
import org.canal.protocol.rtp.SequenceUnwrapper;

/**
 * What Canal, as the receiver of one published source, reports back in an RR's report block
 * (RFC 3550 section 6.4.1): loss since the last report and in total, the extended highest sequence
 * number, interarrival jitter, and LSR/DLSR from the source's last sender report. The arithmetic is
 * that of RFC 3550 appendix A.3 (loss) and A.8 (jitter). Pure: times come in as arguments.
 * Allocates nothing; one thread at a time.
 */
final class ReceptionStatistics {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final SequenceUnwrapper unwrapper = new SequenceUnwrapper();
    private boolean started;
    private long baseSequence;
    private long highestSequence;
    private long received;
    private long expectedPrior;
    private long receivedPrior;
    /** Jitter scaled by 16, as appendix A.8 keeps it to avoid rounding. */
    private long jitterTimes16;
    private long lastTransit;
    private boolean haveTransit;
    private long lastSenderReport;
    private long lastSenderReportAtNanos;
    private boolean haveSenderReport;

    void reset() {
        unwrapper.reset();
        started = false;
        received = 0;
        expectedPrior = 0;
        receivedPrior = 0;
        jitterTimes16 = 0;
        haveTransit = false;
        haveSenderReport = false;
    }

    boolean started() {
        return started;
    }

    /** One RTP packet of the source: its sequence number and timestamp, when it arrived, its clock rate. */
    void onPacket(int sequenceNumber, long rtpTimestamp, long arrivalNanos, int clockRate) {
        long ext = unwrapper.unwrap(sequenceNumber);
        if (!started) {
            started = true;
            baseSequence = ext;
            highestSequence = ext;
        } else if (ext > highestSequence) {
            highestSequence = ext;
        }
        received++;
        if (clockRate > 0) {
            // Arrival time in RTP clock units (microsecond steps keep the product within a long).
            long arrival = (arrivalNanos / 1_000) * clockRate / 1_000_000;
            long transit = arrival - rtpTimestamp;
            if (haveTransit) {
                int d = (int) (transit - lastTransit); // 32-bit RTP timestamps wrap: difference modulo 2^32
                long abs = Math.abs((long) d);
                jitterTimes16 += abs - ((jitterTimes16 + 8) >> 4);
            }
            lastTransit = transit;
            haveTransit = true;
        }
    }

    /** The source's SR: the middle 32 bits of its NTP timestamp become LSR (RFC 3550 section 6.4.1). */
    void onSenderReport(long ntpTimestamp, long arrivalNanos) {
        lastSenderReport = (ntpTimestamp >>> 16) & 0xFFFF_FFFFL;
        lastSenderReportAtNanos = arrivalNanos;
        haveSenderReport = true;
    }

    long received() {
        return received;
    }

    long expected() {
        return started ? highestSequence - baseSequence + 1 : 0;
    }

    long jitter() {
        return jitterTimes16 >> 4;
    }

    /** Writes the report block for {@code ssrc} and starts a new reporting interval; returns its size. */
    int writeBlock(byte[] b, int off, long ssrc, long nowNanos) {
        long expected = expected();
        long lost = expected - received;
        long expectedInterval = expected - expectedPrior;
        long receivedInterval = received - receivedPrior;
        long lostInterval = expectedInterval - receivedInterval;
        expectedPrior = expected;
        receivedPrior = received;
        int fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
        long dlsr = 0;
        if (haveSenderReport) {
            // Delay since the last SR in units of 1/65536 s.
            dlsr = ((nowNanos - lastSenderReportAtNanos) << 16) / NANOS_PER_SECOND;
        }
        return ReportBlock.write(b, off, ssrc, Math.min(fraction, 255), (int) Math.max(Integer.MIN_VALUE,
                Math.min(Integer.MAX_VALUE, lost)), highestSequence & 0xFFFF_FFFFL, jitter(),
                haveSenderReport ? lastSenderReport : 0, dlsr & 0xFFFF_FFFFL);
    }
}

package org.canal.media.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import org.canal.protocol.srtp.SrtpMalformation;

/**
 * Drop counters by reason: plain longs written by the owning loop only, read by a snapshot taken on
 * that loop. Counting allocates nothing.
 */
final class DropCounters {
    private static final DropReason[] REASONS = DropReason.values();
    private static final SrtpMalformation[] SRTP = SrtpMalformation.values();
    private static final int SRTP_BASE = REASONS.length;
    private static final int SRTCP_BASE = SRTP_BASE + SRTP.length;

    private final long[] counts = new long[SRTCP_BASE + SRTP.length];

    void count(DropReason reason) {
        counts[reason.ordinal()]++;
    }

    /** An SRTP refusal: {@code result} is the negative value {@code SrtpContext} returned. */
    void countSrtp(int result) {
        SrtpMalformation m = SrtpMalformation.ofResult(result);
        counts[SRTP_BASE + (m == null ? SrtpMalformation.CIPHER_FAILED : m).ordinal()]++;
    }

    void countSrtcp(int result) {
        SrtpMalformation m = SrtpMalformation.ofResult(result);
        counts[SRTCP_BASE + (m == null ? SrtpMalformation.CIPHER_FAILED : m).ordinal()]++;
    }

    long get(DropReason reason) {
        return counts[reason.ordinal()];
    }

    long total() {
        long t = 0;
        for (long c : counts) {
            t += c;
        }
        return t;
    }

    /** Non-zero counters by name (allocates: control plane). */
    Map<String, Long> snapshot() {
        Map<String, Long> out = new LinkedHashMap<>();
        addTo(out);
        return out;
    }

    /** Adds the non-zero counters into {@code out}, summing with what is there. */
    void addTo(Map<String, Long> out) {
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                out.merge(name(i), counts[i], Long::sum);
            }
        }
    }

    private static String name(int i) {
        if (i < SRTP_BASE) {
            return REASONS[i].name();
        }
        if (i < SRTCP_BASE) {
            return "SRTP_" + SRTP[i - SRTP_BASE].name();
        }
        return "SRTCP_" + SRTP[i - SRTCP_BASE].name();
    }
}

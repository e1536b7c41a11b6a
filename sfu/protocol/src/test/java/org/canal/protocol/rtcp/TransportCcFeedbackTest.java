package org.canal.protocol.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Transport-wide congestion control feedback, draft-holmer-rmcat-transport-wide-cc-extensions-01 section 3.1. */
class TransportCcFeedbackTest {
    private final TransportCcFeedbackPacket tcc = new TransportCcFeedbackPacket();

    /** "seq:status:deltaTicks" for each status. */
    private List<String> statuses() {
        List<String> out = new ArrayList<>();
        tcc.rewindStatuses();
        while (tcc.nextStatus()) {
            out.add(tcc.sequenceNumber() + ":" + tcc.status() + ":" + tcc.deltaTicks());
        }
        return out;
    }

    @Test
    void parsesRunLengthAndBothVectorChunksWithSmallLargeAndNegativeDeltas() {
        byte[] in = RtcpVectors.TRANSPORT_CC;
        for (int pass = 0; pass < 2; pass++) { // twice into the same instance
            assertThat(tcc.wrap(in, 0, in.length)).isTrue();
            assertThat(tcc.senderSsrc()).isEqualTo(1);
            assertThat(tcc.mediaSsrc()).isEqualTo(0x5e2d9b47L);
            assertThat(tcc.baseSequenceNumber()).isEqualTo(256);
            assertThat(tcc.packetStatusCount()).isEqualTo(35);
            assertThat(tcc.referenceTime()).isEqualTo(0x0a1b2c);
            assertThat(tcc.feedbackPacketCount()).isEqualTo(5);
            assertThat(tcc.chunkCount()).isEqualTo(3);
            assertThat(statuses()).containsExactly(
                    // section 3.1.3 run-length chunk: 14 x small delta
                    "256:1:16", "257:1:4", "258:1:5", "259:1:4", "260:1:8", "261:1:0", "262:1:4",
                    "263:1:4", "264:1:5", "265:1:3", "266:1:4", "267:1:4", "268:1:5", "269:1:4",
                    // section 3.1.4 one-bit status vector
                    "270:0:0", "271:1:12", "272:1:4", "273:0:0", "274:1:4", "275:1:4", "276:1:9",
                    "277:1:4", "278:0:0", "279:1:3", "280:1:4", "281:1:5", "282:1:4", "283:1:4",
                    // section 3.1.4 two-bit status vector, section 3.1.5 large and negative deltas
                    "284:2:400", "285:1:4", "286:0:0", "287:2:-10", "288:1:8", "289:1:4", "290:1:5");
        }
        // arrival times accumulate the deltas on the reference time (64 ms units)
        tcc.rewindStatuses();
        tcc.nextStatus();
        assertThat(tcc.arrivalMicros()).isEqualTo(0x0a1b2cL * 64_000 + 16 * 250);
        long last = 0;
        while (tcc.nextStatus()) {
            last = tcc.isReceived() ? tcc.arrivalMicros() : last;
        }
        int sumOfDeltas = 16 + 4 + 5 + 4 + 8 + 0 + 4 + 4 + 5 + 3 + 4 + 4 + 5 + 4
                + 12 + 4 + 4 + 4 + 9 + 4 + 3 + 4 + 5 + 4 + 4 + 400 + 4 - 10 + 8 + 4 + 5;
        assertThat(last).isEqualTo(0x0a1b2cL * 64_000 + sumOfDeltas * 250L);
    }

    @Test
    void roundTripsParseThenWriteToTheSameBytes() {
        byte[] in = RtcpVectors.TRANSPORT_CC;
        assertThat(tcc.wrap(in, 0, in.length)).isTrue();
        TransportCcFeedbackWriter writer = new TransportCcFeedbackWriter(1000);
        writer.reset(tcc.baseSequenceNumber(), tcc.referenceTime(), tcc.feedbackPacketCount());
        while (tcc.nextStatus()) {
            if (tcc.isReceived()) {
                assertThat(writer.addReceived(tcc.sequenceNumber(), tcc.arrivalMicros())).isTrue();
            }
        }
        assertThat(writer.statusCount()).isEqualTo(35);
        assertThat(writer.receivedCount()).isEqualTo(31);
        assertThat(writer.length()).isEqualTo(in.length);
        byte[] out = new byte[in.length];
        assertThat(writer.write(out, 0, tcc.senderSsrc(), tcc.mediaSsrc())).isEqualTo(in.length);
        assertThat(out).containsExactly(in);
    }

    @Test
    void writesWhatItIsGivenAndReadsItBack() {
        // Random losses, bursts, reordering in time (negative deltas) and long gaps, across the
        // sequence number wrap and with a negative reference time.
        SplittableRandom rnd = new SplittableRandom(42);
        TransportCcFeedbackWriter writer = new TransportCcFeedbackWriter(TransportCcFeedbackWriter.MAX_STATUSES);
        for (int round = 0; round < 200; round++) {
            int base = rnd.nextInt(0x10000);
            long start = rnd.nextLong(-1_000_000_000L, 1_000_000_000L);
            int reference = TransportCcFeedbackWriter.referenceTimeFor(start);
            writer.reset(base, reference, round);
            List<String> expected = new ArrayList<>();
            int seq = base;
            long time = start;
            int packets = 1 + rnd.nextInt(300);
            int lastIndex = -1;
            for (int p = 0; p < packets; p++) {
                int gap = rnd.nextInt(10) == 0 ? rnd.nextInt(round % 50 == 0 ? 9000 : 40) : 0;
                int next = (seq + gap) & 0xFFFF;
                long arrival = time + rnd.nextLong(-3_000, rnd.nextInt(5) == 0 ? 500_000 : 20_000);
                int index = (next - base) & 0xFFFF;
                if (index >= TransportCcFeedbackWriter.MAX_STATUSES || !writer.addReceived(next, arrival)) {
                    break;
                }
                for (int i = lastIndex + 1; i < index; i++) {
                    expected.add(((base + i) & 0xFFFF) + " lost");
                }
                expected.add(next + " at " + Math.floorDiv(arrival, 250) * 250);
                lastIndex = index;
                time = arrival;
                seq = (next + 1) & 0xFFFF;
            }
            byte[] out = new byte[writer.length() + 8];
            int n = writer.write(out, 4, 7, 8);
            assertThat(n).isEqualTo(writer.length());
            assertThat(n % 4).isZero();
            assertThat(tcc.wrap(out, 4, n)).as("%s", tcc.malformation()).isTrue();
            assertThat(tcc.packetStatusCount()).isEqualTo(writer.statusCount());
            List<String> actual = new ArrayList<>();
            while (tcc.nextStatus()) {
                actual.add(tcc.sequenceNumber() + (tcc.isReceived() ? " at " + tcc.arrivalMicros() : " lost"));
            }
            assertThat(actual).isEqualTo(expected);
        }
    }

    @Test
    void refusesPacketsThatDoNotFit() {
        TransportCcFeedbackWriter writer = new TransportCcFeedbackWriter(20);
        writer.reset(65530, -2, 0);
        assertThat(writer.addReceived(65531, -128_000 + 1_000)).isTrue();
        assertThat(writer.addReceived(65531, -128_000 + 2_000)).as("a duplicate").isFalse();
        assertThat(writer.addReceived(65529, -128_000 + 2_000)).as("before the base").isFalse();
        assertThat(writer.addReceived(14, -128_000 + 2_000)).as("beyond the capacity").isFalse();
        assertThat(writer.addReceived(2, -128_000 + 1_000 + 32_768 * 250)).as("delta too large").isFalse();
        assertThat(writer.addReceived(2, -128_000 + 1_000 - 32_769 * 250)).as("delta too negative").isFalse();
        assertThat(writer.addReceived(2, -128_000 + 1_000 + 32_767 * 250)).isTrue();
        assertThat(writer.statusCount()).isEqualTo(9);
        byte[] out = new byte[writer.length()];
        writer.write(out, 0, 1, 2);
        assertThat(tcc.wrap(out, 0, out.length)).isTrue();
        assertThat(tcc.referenceTime()).isEqualTo(-2);
        assertThat(statuses()).containsExactly("65530:0:0", "65531:1:4", "65532:0:0", "65533:0:0", "65534:0:0",
                "65535:0:0", "0:0:0", "1:0:0", "2:2:32767");
    }

    @Test
    void coversLongLossRunsWithSeveralRunLengthChunks() {
        // A run-length chunk holds at most 8191 statuses (13 bits, section 3.1.3).
        TransportCcFeedbackWriter writer = new TransportCcFeedbackWriter(20_000);
        writer.reset(0, 0, 0);
        writer.addReceived(0, 0);
        writer.addReceived(19_000, 1_000);
        byte[] out = new byte[writer.length()];
        writer.write(out, 0, 1, 2);
        assertThat(tcc.wrap(out, 0, out.length)).isTrue();
        // a one-bit vector (1 received, 13 lost), lost runs of 8191, 8191 and 2604, then a run of 1
        assertThat(tcc.chunkCount()).isEqualTo(5);
        int lost = 0;
        while (tcc.nextStatus()) {
            lost += tcc.isReceived() ? 0 : 1;
        }
        assertThat(lost).isEqualTo(18_999);
    }

    @Test
    void acceptsAPaddedFeedbackAndIgnoresSymbolsBeyondTheCount() {
        // libwebrtc pads with the P bit instead of zero padding (RFC 3550 section 6.4.1).
        byte[] in = RtcpVectors.hex("afcd0006" // V=2 P=1 FMT=15 | PT=205 | length 6: 28 bytes
                + "00000001" + "00000002"        // sender and media SSRCs
                + "0005" + "0002"                // base seq 5, 2 statuses
                + "fffffe" + "00"                // reference time -2, feedback count 0
                + "d400"                         // two-bit vector: 01 01 00 00 00 00 00, only 2 used
                + "0102"                         // small deltas 1 and 2
                + "00000004");                   // padding: 3 null octets and the count 4
        assertThat(tcc.wrap(in, 0, in.length)).isTrue();
        assertThat(tcc.paddingLength()).isEqualTo(4);
        assertThat(tcc.referenceTimeMicros()).isEqualTo(-128_000);
        assertThat(statuses()).containsExactly("5:1:1", "6:1:2");
    }
}

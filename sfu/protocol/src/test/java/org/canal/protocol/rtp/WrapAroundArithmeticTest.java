package org.canal.protocol.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Sequence numbers and timestamps across wrap-around (RFC 3550 section 5.1 and appendix A.1). */
class WrapAroundArithmeticTest {

    @Test
    void sequenceNumbersCompareAcrossTheWrap() {
        assertThat(SequenceNumbers.isNewer(0, 65535)).isTrue();
        assertThat(SequenceNumbers.isNewer(65535, 0)).isFalse();
        assertThat(SequenceNumbers.distance(0, 65535)).isEqualTo(1);
        assertThat(SequenceNumbers.distance(65535, 0)).isEqualTo(-1);
        assertThat(SequenceNumbers.distance(10, 65530)).isEqualTo(16);
        assertThat(SequenceNumbers.isNewer(2, 1)).isTrue();
        assertThat(SequenceNumbers.isNewer(1, 1)).isFalse();
        assertThat(SequenceNumbers.distance(1, 1)).isZero();
        assertThat(SequenceNumbers.distance(32767, 0)).isEqualTo(32767);
        assertThat(SequenceNumbers.isNewer(32767, 0)).isTrue();
        // Exactly half the space apart: neither is newer.
        assertThat(SequenceNumbers.isNewer(32768, 0)).isFalse();
        assertThat(SequenceNumbers.isNewer(0, 32768)).isFalse();
        assertThat(SequenceNumbers.add(65535, 1)).isZero();
        assertThat(SequenceNumbers.add(0, -1)).isEqualTo(65535);
        assertThat(SequenceNumbers.add(65000, 1000)).isEqualTo(464);
    }

    @Test
    void timestampsCompareAcrossTheWrap() {
        long top = 0xFFFF_FFFFL;
        assertThat(RtpTimestamps.isNewer(0, top)).isTrue();
        assertThat(RtpTimestamps.isNewer(top, 0)).isFalse();
        assertThat(RtpTimestamps.distance(0, top)).isEqualTo(1);
        assertThat(RtpTimestamps.distance(top, 0)).isEqualTo(-1);
        assertThat(RtpTimestamps.distance(960, top - 959)).isEqualTo(1920); // two 20 ms Opus frames
        assertThat(RtpTimestamps.isNewer(0x7FFF_FFFFL, 0)).isTrue();
        assertThat(RtpTimestamps.isNewer(0x8000_0000L, 0)).isFalse();
        assertThat(RtpTimestamps.isNewer(0, 0x8000_0000L)).isFalse();
        assertThat(RtpTimestamps.add(top, 1)).isZero();
        assertThat(RtpTimestamps.add(0, -1)).isEqualTo(top);
        assertThat(RtpTimestamps.add(top - 100, 3000)).isEqualTo(2899);
    }

    @Test
    void unwrapsAcrossTheWrapInOrder() {
        SequenceUnwrapper u = new SequenceUnwrapper();
        assertThat(u.started()).isFalse();
        assertThat(u.unwrap(65534)).isEqualTo(65534);
        assertThat(u.unwrap(65535)).isEqualTo(65535);
        assertThat(u.unwrap(0)).isEqualTo(65536);
        assertThat(u.unwrap(1)).isEqualTo(65537);
        assertThat(u.highest()).isEqualTo(65537);
    }

    @Test
    void unwrapsLatePacketsFromBeforeTheWrapBelowTheNewOnes() {
        SequenceUnwrapper u = new SequenceUnwrapper();
        assertThat(u.unwrap(65533)).isEqualTo(65533);
        assertThat(u.unwrap(0)).isEqualTo(65536);      // 65534 and 65535 overtaken
        assertThat(u.unwrap(65535)).isEqualTo(65535);  // late: just below, not 131071
        assertThat(u.unwrap(65534)).isEqualTo(65534);
        assertThat(u.unwrap(1)).isEqualTo(65537);
        assertThat(u.highest()).isEqualTo(65537);
        assertThat(u.peek(65535)).isEqualTo(65535);
        assertThat(u.highest()).isEqualTo(65537);
    }

    @Test
    void keepsCountingOverManyWraps() {
        SequenceUnwrapper u = new SequenceUnwrapper();
        long expected = 40_000;
        for (int i = 0; i < 10 * 65536; i += 1000) {
            assertThat(u.unwrap((int) ((expected + i) & 0xFFFF))).isEqualTo(expected + i);
        }
        assertThat(u.highest()).isGreaterThan(10 * 65536L);
    }

    @Test
    void givesNegativeValuesToPacketsOlderThanTheFirstAndForgetsOnReset() {
        SequenceUnwrapper u = new SequenceUnwrapper();
        assertThat(u.unwrap(0)).isZero();
        assertThat(u.unwrap(65535)).isEqualTo(-1);
        assertThat(u.unwrap(2)).isEqualTo(2);
        u.reset();
        assertThat(u.started()).isFalse();
        assertThat(u.unwrap(70_000)).isEqualTo(70_000 & 0xFFFF);
    }
}

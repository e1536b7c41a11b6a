package org.canal.protocol.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Generic NACK (RFC 4585 6.2.1), PLI (6.3.1), FIR (RFC 5104 4.3.1.1), REMB (draft-alvestrand-rmcat-remb-03 2.2). */
class FeedbackPacketTest {
    private final GenericNackPacket nack = new GenericNackPacket();
    private final PictureLossIndicationPacket pli = new PictureLossIndicationPacket();
    private final FullIntraRequestPacket fir = new FullIntraRequestPacket();
    private final RembPacket remb = new RembPacket();

    private List<Integer> lost() {
        List<Integer> seqs = new ArrayList<>();
        for (int seq = nack.nextLost(); seq >= 0; seq = nack.nextLost()) {
            seqs.add(seq);
        }
        return seqs;
    }

    @Test
    void enumeratesLostSequenceNumbersAcrossTheWrap() {
        byte[] in = RtcpVectors.NACK;
        assertThat(nack.wrap(in, 0, in.length)).isTrue();
        assertThat(nack.senderSsrc()).isEqualTo(1);
        assertThat(nack.mediaSsrc()).isEqualTo(0x5e2d9b47L);
        assertThat(nack.entryCount()).isEqualTo(2);
        assertThat(nack.packetId(0)).isEqualTo(65534);
        assertThat(nack.lostBitmask(0)).isEqualTo(0x8005);
        assertThat(lost()).containsExactly(65534, 65535, 1, 14, 32);
        assertThat(nack.nextLost()).isEqualTo(-1);
        nack.rewindLost();
        assertThat(lost()).containsExactly(65534, 65535, 1, 14, 32);
    }

    @Test
    void packsSortedLostSequenceNumbersIntoTheSameBytes() {
        int[] lost = {65534, 65535, 1, 14, 32};
        assertThat(GenericNackPacket.entriesFor(lost, 0, lost.length)).isEqualTo(2);
        byte[] out = new byte[20];
        assertThat(GenericNackPacket.write(out, 0, 1, 0x5e2d9b47L, lost, 0, lost.length)).isEqualTo(20);
        assertThat(out).containsExactly(RtcpVectors.NACK);
    }

    @Test
    void roundTripsParseThenWrite() {
        byte[] in = RtcpVectors.NACK;
        assertThat(nack.wrap(in, 0, in.length)).isTrue();
        int[] lost = lost().stream().mapToInt(Integer::intValue).toArray();
        byte[] out = new byte[in.length];
        GenericNackPacket.write(out, 0, nack.senderSsrc(), nack.mediaSsrc(), lost, 0, lost.length);
        assertThat(out).containsExactly(in);
    }

    @Test
    void foldsDuplicatesAndStartsANewEntryBeyond16() {
        int[] lost = {100, 100, 101, 116, 117, 117};
        byte[] out = new byte[64];
        int n = GenericNackPacket.write(out, 0, 1, 2, lost, 0, lost.length);
        assertThat(n).isEqualTo(12 + 2 * 4);
        assertThat(GenericNackPacket.entriesFor(lost, 0, lost.length)).isEqualTo(2);
        assertThat(nack.wrap(out, 0, n)).isTrue();
        assertThat(lost()).containsExactly(100, 101, 116, 117);
        assertThat(nack.lostBitmask(0)).isEqualTo(0x8001);
    }

    @Test
    void parsesAndWritesAPli() {
        byte[] in = RtcpVectors.PLI;
        for (int pass = 0; pass < 2; pass++) {
            assertThat(pli.wrap(in, 0, in.length)).isTrue();
            assertThat(pli.fmt()).isEqualTo(1);
            assertThat(pli.senderSsrc()).isEqualTo(1);
            assertThat(pli.mediaSsrc()).isEqualTo(0x5e2d9b47L);
        }
        byte[] out = new byte[12];
        assertThat(PictureLossIndicationPacket.write(out, 0, pli.senderSsrc(), pli.mediaSsrc())).isEqualTo(12);
        assertThat(out).containsExactly(in);
    }

    @Test
    void parsesAndWritesAFir() {
        byte[] in = RtcpVectors.FIR;
        assertThat(fir.wrap(in, 0, in.length)).isTrue();
        assertThat(fir.mediaSsrc()).isZero();
        assertThat(fir.entryCount()).isEqualTo(1);
        assertThat(fir.entrySsrc(0)).isEqualTo(0x5e2d9b47L);
        assertThat(fir.entrySequenceNumber(0)).isEqualTo(7);
        byte[] out = new byte[20];
        assertThat(FullIntraRequestPacket.write(out, 0, fir.senderSsrc(), fir.entrySsrc(0), 7)).isEqualTo(20);
        assertThat(out).containsExactly(in);

        byte[] two = new byte[28];
        int n = FullIntraRequestPacket.write(two, 0, 9, new long[] {3, 4}, new int[] {255, 256}, 2);
        assertThat(n).isEqualTo(28);
        assertThat(fir.wrap(two, 0, n)).isTrue();
        assertThat(fir.entryCount()).isEqualTo(2);
        assertThat(fir.entrySequenceNumber(0)).isEqualTo(255);
        assertThat(fir.entrySequenceNumber(1)).isZero(); // the sequence number is 8 bits and wraps
        assertThat(fir.entrySsrc(1)).isEqualTo(4);
    }

    @Test
    void parsesAndWritesARembFromAKnownBitrate() {
        byte[] in = RtcpVectors.REMB;
        assertThat(remb.wrap(in, 0, in.length)).isTrue();
        assertThat(remb.bitrateExponent()).isEqualTo(3);
        assertThat(remb.bitrateMantissa()).isEqualTo(187_500);
        assertThat(remb.bitrate()).isEqualTo(1_500_000);
        assertThat(remb.ssrcCount()).isEqualTo(2);
        assertThat(remb.ssrc(0)).isEqualTo(0x5e2d9b47L);
        assertThat(remb.ssrc(1)).isEqualTo(0x1a2b3c4dL);
        byte[] out = new byte[in.length];
        assertThat(RembPacket.write(out, 0, 1, 1_500_000, new long[] {0x5e2d9b47L, 0x1a2b3c4dL}, 2))
                .isEqualTo(in.length);
        assertThat(out).containsExactly(in);
    }

    @Test
    void roundsRembBitratesDownTo18SignificantBitsAndSaturates() {
        byte[] out = new byte[64];
        int n = RembPacket.write(out, 0, 1, 262_143, new long[0], 0);
        assertThat(remb.wrap(out, 0, n)).isTrue();
        assertThat(remb.bitrateExponent()).isZero();
        assertThat(remb.bitrate()).isEqualTo(262_143);
        RembPacket.write(out, 0, 1, 262_145, new long[0], 0);
        assertThat(remb.wrap(out, 0, n)).isTrue();
        assertThat(remb.bitrate()).isEqualTo(262_144); // 131072 * 2, the odd bit lost
        RembPacket.write(out, 0, 1, Long.MAX_VALUE, new long[0], 0);
        assertThat(remb.wrap(out, 0, n)).isTrue();
        assertThat(remb.bitrateExponent()).isEqualTo(45);
        assertThat(remb.bitrate()).isEqualTo(0x3FFFFL << 45);
        out[FeedbackPacket.FCI + 5] = (byte) 0xFF; // exponent 63, mantissa 0x3xxxx: beyond a long
        assertThat(remb.wrap(out, 0, n)).isTrue();
        assertThat(remb.bitrate()).isEqualTo(Long.MAX_VALUE);
    }
}

package org.canal.protocol.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** SR, RR and report blocks (RFC 3550 section 6.4), SDES (6.5) and BYE (6.6): parse, write, round trip. */
class ReportAndSdesPacketTest {
    private final SenderReportPacket sr = new SenderReportPacket();
    private final ReceiverReportPacket rr = new ReceiverReportPacket();
    private final SdesPacket sdes = new SdesPacket();
    private final ByePacket bye = new ByePacket();
    private final ReportBlock block = new ReportBlock();

    @Test
    void parsesAReceiverReportBlock() {
        // RFC 3550 section 6.4.2 and the report block of 6.4.1.
        assertThat(rr.wrap(RtcpVectors.RR_SDES, 0, RtcpVectors.RR_SDES.length)).isTrue();
        assertThat(rr.length()).isEqualTo(32);
        assertThat(rr.senderSsrc()).isEqualTo(1);
        assertThat(rr.reportCount()).isEqualTo(1);
        rr.reportBlock(0, block);
        assertThat(block.ssrc()).isEqualTo(0x5e2d9b47L);
        assertThat(block.fractionLost()).isEqualTo(10);
        assertThat(block.cumulativeLost()).isEqualTo(12);
        assertThat(block.extendedHighestSequence()).isEqualTo(0x11f40);
        assertThat(block.jitter()).isEqualTo(45);
        assertThat(block.lastSenderReport()).isEqualTo(0x9a3c51ebL);
        assertThat(block.delaySinceLastSenderReport()).isEqualTo(0x14000);
        assertThat(rr.extensionLength()).isZero();
    }

    @Test
    void roundTripsAReceiverReportAndSdes() {
        byte[] in = RtcpVectors.RR_SDES;
        assertThat(rr.wrap(in, 0, in.length)).isTrue();
        byte[] out = new byte[in.length];
        int at = ReceiverReportPacket.write(out, 0, rr.senderSsrc(), rr.reportCount());
        for (int i = 0; i < rr.reportCount(); i++) {
            rr.reportBlock(i, block);
            at += ReportBlock.write(out, at, block.ssrc(), block.fractionLost(), block.cumulativeLost(),
                    block.extendedHighestSequence(), block.jitter(), block.lastSenderReport(),
                    block.delaySinceLastSenderReport());
        }
        assertThat(at).isEqualTo(ReceiverReportPacket.lengthFor(1)).isEqualTo(rr.length());
        at += copySdes(in, rr.length(), out, at);
        assertThat(at).isEqualTo(in.length);
        assertThat(out).containsExactly(in);
    }

    /** Parses the SDES at {@code in[from]} and writes it again at {@code out[at]}; returns its length. */
    private int copySdes(byte[] in, int from, byte[] out, int at) {
        assertThat(sdes.wrap(in, from, in.length - from)).isTrue();
        SdesWriter writer = new SdesWriter().start(out, at);
        while (sdes.nextChunk()) {
            writer.chunk(sdes.chunkSsrc());
            while (sdes.nextItem()) {
                writer.item(sdes.itemType(), in, sdes.itemValueOffset(), sdes.itemValueLength());
            }
        }
        int written = writer.finish();
        assertThat(written).isEqualTo(sdes.length());
        return written;
    }

    @Test
    void parsesAndRoundTripsASenderReportAndSdes() {
        // RFC 3550 section 6.4.1 sender info, a block with negative cumulative loss, then 6.5 SDES.
        byte[] in = RtcpVectors.SR_SDES;
        assertThat(sr.wrap(in, 0, in.length)).isTrue();
        assertThat(sr.senderSsrc()).isEqualTo(0x5e2d9b47L);
        assertThat(sr.ntpTimestamp()).isEqualTo(0xe91c4a3f8b439581L);
        assertThat(sr.rtpTimestamp()).isEqualTo(0x1b6e0a48L);
        assertThat(sr.senderPacketCount()).isEqualTo(1337);
        assertThat(sr.senderOctetCount()).isEqualTo(805678);
        assertThat(sr.reportBlock(0, block).cumulativeLost()).isEqualTo(-2);
        assertThat(block.ssrc()).isEqualTo(0x1a2b3c4dL);

        byte[] out = new byte[in.length];
        int at = SenderReportPacket.write(out, 0, sr.senderSsrc(), sr.ntpTimestamp(), sr.rtpTimestamp(),
                sr.senderPacketCount(), sr.senderOctetCount(), sr.reportCount());
        at += ReportBlock.write(out, at, block.ssrc(), block.fractionLost(), block.cumulativeLost(),
                block.extendedHighestSequence(), block.jitter(), block.lastSenderReport(),
                block.delaySinceLastSenderReport());
        assertThat(at).isEqualTo(SenderReportPacket.lengthFor(1));
        at += copySdes(in, at, out, at);
        assertThat(out).containsExactly(in);
    }

    @Test
    void readsTheCnameTwiceIntoTheSameInstance() {
        for (byte[] in : new byte[][] {RtcpVectors.RR_SDES, RtcpVectors.SR_SDES}) {
            int at = RtcpHeader.declaredLength(in, 0);
            for (int pass = 0; pass < 2; pass++) {
                assertThat(sdes.wrap(in, at, in.length - at)).isTrue();
                assertThat(sdes.chunkCount()).isEqualTo(1);
                assertThat(sdes.nextChunk()).isTrue();
                assertThat(sdes.chunkSsrc()).isEqualTo(RtcpHeader.declaredLength(in, 0) == 32 ? 1 : 0x5e2d9b47L);
                assertThat(sdes.nextItem()).isTrue();
                assertThat(sdes.itemType()).isEqualTo(SdesPacket.ITEM_CNAME);
                assertThat(sdes.itemText()).isEqualTo("4TOk42mSjXCkVIa6");
                assertThat(sdes.nextItem()).isFalse();
                assertThat(sdes.nextChunk()).isFalse();
                assertThat(sdes.nextChunk()).isFalse();
            }
        }
    }

    @Test
    void writesAndWalksSeveralChunksWithSeveralItems() {
        // RFC 3550 section 6.5: chunks of several items, each closed by 1 to 4 null octets.
        byte[] out = new byte[128];
        int n = new SdesWriter().start(out, 0)
                .chunk(0x11111111L).item(SdesPacket.ITEM_CNAME, "abc").item(SdesPacket.ITEM_TOOL, "canal")
                .chunk(0x22222222L)
                .chunk(0x33333333L).item(SdesPacket.ITEM_NAME, "x")
                .finish();
        assertThat(n % 4).isZero();
        assertThat(sdes.wrap(out, 0, n)).isTrue();
        StringBuilder seen = new StringBuilder();
        while (sdes.nextChunk()) {
            seen.append(Long.toHexString(sdes.chunkSsrc())).append(':');
            while (sdes.nextItem()) {
                seen.append(sdes.itemType()).append('=').append(sdes.itemText()).append(',');
            }
        }
        assertThat(seen).hasToString("11111111:1=abc,6=canal,22222222:33333333:2=x,");
        // a chunk whose items end at a 32-bit boundary still gets a full word of nulls
        sdes.rewindChunks();
        assertThat(sdes.nextChunk()).isTrue();
        assertThat(sdes.nextChunk()).isTrue();
        assertThat(sdes.chunkSsrc()).isEqualTo(0x22222222L);
    }

    @Test
    void parsesAndRoundTripsAByeWithReason() {
        // RFC 3550 section 6.6: the BYE's reason is a length and text, null-padded to 32 bits.
        byte[] in = RtcpVectors.RR_BYE;
        assertThat(bye.wrap(in, 8, in.length - 8)).isTrue();
        assertThat(bye.sourceCount()).isEqualTo(1);
        assertThat(bye.ssrc(0)).isEqualTo(0x5e2d9b47L);
        assertThat(bye.hasReason()).isTrue();
        assertThat(bye.reasonText()).isEqualTo("shutdown");
        byte[] out = new byte[20];
        assertThat(ByePacket.write(out, 0, new long[] {bye.ssrc(0)}, 1, bye.reasonText())).isEqualTo(20);
        assertThat(out).containsExactly(Arrays.copyOfRange(in, 8, 28));
    }

    @Test
    void writesAByeWithoutReason() {
        byte[] out = new byte[12];
        assertThat(ByePacket.write(out, 0, new long[] {1, 2}, 2, (String) null)).isEqualTo(12);
        assertThat(out).containsExactly(RtcpVectors.hex("82cb0002" + "00000001" + "00000002"));
        assertThat(bye.wrap(out, 0, 12)).isTrue();
        assertThat(bye.hasReason()).isFalse();
        assertThat(bye.reasonText()).isNull();
        assertThat(bye.ssrc(1)).isEqualTo(2);
    }
}

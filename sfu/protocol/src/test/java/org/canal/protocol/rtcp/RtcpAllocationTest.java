package org.canal.protocol.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import org.canal.protocol.testing.AllocationMeter;
import org.junit.jupiter.api.Test;

/** Walking and parsing RTCP allocates nothing per packet, whether the input is accepted or refused. */
class RtcpAllocationTest {
    private static final int WARMUP = 20_000;
    private static final int MEASURED = 100_000;

    private final RtcpCompoundReader reader = new RtcpCompoundReader();
    private final SenderReportPacket sr = new SenderReportPacket();
    private final ReportBlock block = new ReportBlock();
    private final SdesPacket sdes = new SdesPacket();
    private final GenericNackPacket nack = new GenericNackPacket();
    private final TransportCcFeedbackPacket tcc = new TransportCcFeedbackPacket();
    private long sink;

    private void walkAndParse(byte[] in) {
        if (!reader.wrap(in, 0, in.length)) {
            sink += reader.malformation().ordinal();
            return;
        }
        while (reader.next()) {
            switch (RtcpPacketKind.of(reader)) {
                case SENDER_REPORT -> {
                    if (sr.wrap(reader)) {
                        sink += sr.ntpTimestamp() + sr.senderOctetCount();
                        for (int i = 0; i < sr.reportCount(); i++) {
                            sink += sr.reportBlock(i, block).cumulativeLost() + block.jitter();
                        }
                    }
                }
                case SOURCE_DESCRIPTION -> {
                    if (sdes.wrap(reader)) {
                        while (sdes.nextChunk()) {
                            sink += sdes.chunkSsrc();
                            while (sdes.nextItem()) {
                                sink += sdes.itemType() + sdes.itemValueLength();
                            }
                        }
                    } else {
                        sink += sdes.malformation().ordinal();
                    }
                }
                case GENERIC_NACK -> {
                    if (nack.wrap(reader)) {
                        for (int seq = nack.nextLost(); seq >= 0; seq = nack.nextLost()) {
                            sink += seq;
                        }
                    }
                }
                case TRANSPORT_CC -> {
                    if (tcc.wrap(reader)) {
                        while (tcc.nextStatus()) {
                            sink += tcc.isReceived() ? tcc.arrivalMicros() : tcc.sequenceNumber();
                        }
                    } else {
                        sink += tcc.malformation().ordinal();
                    }
                }
                default -> sink += reader.packetType();
            }
        }
    }

    @Test
    void parsesAcceptedPacketsWithoutAllocating() throws Exception {
        double bytes = AllocationMeter.bytesPerRun(() -> {
            walkAndParse(RtcpVectors.SR_SDES);
            walkAndParse(RtcpVectors.NACK);
            walkAndParse(RtcpVectors.TRANSPORT_CC);
        }, WARMUP, MEASURED);
        assertThat(bytes).isLessThan(1.0);
        assertThat(sink).isNotZero();
    }

    @Test
    void refusesMalformedPacketsWithoutAllocating() throws Exception {
        byte[] badVersion = RtcpVectors.SR_SDES.clone();
        badVersion[52] = 0x41; // the SDES's version becomes 1: the compound is refused
        byte[] badSdes = RtcpVectors.SR_SDES.clone();
        badSdes[52 + 9] = 0x7F; // CNAME length past the end: the compound is fine, the SDES refused
        byte[] badNack = RtcpVectors.hex("81cd0002" + "00000001" + "00000002"); // no FCI
        byte[] badTcc = RtcpVectors.TRANSPORT_CC.clone();
        badTcc[20] = 0x60; // a run-length chunk of the reserved symbol
        double bytes = AllocationMeter.bytesPerRun(() -> {
            walkAndParse(badVersion);
            walkAndParse(badSdes);
            walkAndParse(badNack);
            walkAndParse(badTcc);
        }, WARMUP, MEASURED);
        assertThat(bytes).isLessThan(1.0);
        assertThat(reader.wrap(badVersion, 0, badVersion.length)).isFalse();
        assertThat(sdes.wrap(badSdes, 52, 28)).isFalse();
        assertThat(nack.wrap(badNack, 0, badNack.length)).isFalse();
        assertThat(tcc.wrap(badTcc, 0, badTcc.length)).isFalse();
    }

    @Test
    void writesTransportCcFeedbackWithoutAllocating() throws Exception {
        TransportCcFeedbackWriter writer = new TransportCcFeedbackWriter(1000);
        byte[] out = new byte[1500];
        double bytes = AllocationMeter.bytesPerRun(() -> {
            writer.reset(100, 10, 1);
            for (int i = 0; i < 40; i++) {
                writer.addReceived(100 + i + (i / 10), 640_000 + i * 4_000L - (i % 7 == 0 ? 3_000 : 0));
            }
            sink += writer.write(out, 0, 1, 2);
        }, WARMUP, MEASURED);
        assertThat(bytes).isLessThan(1.0);
    }
}

package org.canal.protocol.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.canal.protocol.MalformedInputException;
import org.canal.protocol.testing.MutationFuzzer;
import org.junit.jupiter.api.Test;

/**
 * Mutation fuzzing of {@link RtpPacket#wrap}, the RFC 8285 extension walk and the in-place forwarding
 * rewrite, seeded with the hand-built samples: no unchecked exception, no read or write outside the
 * range, and the same outcome wherever the bytes sit.
 */
class RtpFuzzTest {
    private static final int RUNS = 20_000;

    private final RtpPacket packet = new RtpPacket();
    private final RtpHeaderExtensionCursor cursor = new RtpHeaderExtensionCursor();
    private final RtpExtensionIdRewriter rewriter = new RtpExtensionIdRewriter();
    private final int[] idMap = {0, 5, 0, 14, 1, 6, 7, 8, 9, 10, 11, 12, 13, 2, 3, 4, 200};

    @Test
    void wrapWalkAndRewriteSurviveMutatedPackets() {
        MutationFuzzer fuzzer = MutationFuzzer.named("rtp").seeds(RtpSamples.all()).runs(RUNS)
                .randomSeed(0x52_54_50L).maxLength(1500).run(this::parseAndRewrite);
        assertThat(fuzzer.acceptedCount()).isGreaterThan(RUNS / 5);
        assertThat(fuzzer.refusedCount()).isGreaterThan(RUNS / 10);
    }

    private String parseAndRewrite(byte[] buf, int off, int len) throws MalformedInputException {
        int headerLength = RtpPacket.headerLength(buf, off, len);
        if (!packet.wrap(buf, off, len)) {
            if (headerLength < 0) {
                assertThat(RtpMalformation.ofCode(headerLength)).isEqualTo(packet.malformation());
            }
            throw new MalformedInputException(packet.malformation());
        }
        assertThat(headerLength).isEqualTo(packet.headerLength());
        assertThat(packet.headerLength() + packet.payloadLength() + packet.paddingLength()).isEqualTo(len);
        StringBuilder sb = new StringBuilder();
        sb.append(packet.marker()).append(',').append(packet.payloadType()).append(',')
                .append(packet.sequenceNumber()).append(',').append(packet.timestamp()).append(',')
                .append(packet.ssrc()).append(",cc=").append(packet.csrcCount())
                .append(",h=").append(packet.headerLength()).append(",p=").append(packet.payloadLength())
                .append(",pad=").append(packet.paddingLength()).append(",x=").append(packet.extensionProfile());
        if (cursor.reset(packet)) {
            while (cursor.next()) {
                assertThat(cursor.dataOffset() + cursor.dataLength())
                        .isLessThanOrEqualTo(packet.extensionDataOffset() + packet.extensionDataLength());
                sb.append(";e").append(cursor.id()).append(':').append(cursor.dataOffset() - off)
                        .append('+').append(cursor.dataLength());
            }
            sb.append(";m=").append(cursor.malformation());
        }
        // The forwarding rewrite, in place, inside the range.
        packet.setSequenceNumber(packet.sequenceNumber() + 1);
        packet.setTimestamp(packet.timestamp() + 960);
        packet.setSsrc(0xCAFEBABEL);
        packet.setPayloadType(100);
        sb.append(";rw=").append(rewriter.rewrite(packet, idMap));
        for (int i = 0; i < packet.headerLength(); i++) {
            sb.append(Integer.toHexString(buf[off + i] & 0xFF));
        }
        return sb.toString();
    }
}

package org.canal.protocol.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.canal.protocol.testing.AllocationMeter;
import org.junit.jupiter.api.Test;

/** The forwarding path's RTP work allocates nothing per packet, for accepted and refused packets. */
class RtpAllocationTest {
    private static final int WARMUP = 20_000;
    private static final int MEASURED = 200_000;

    private final RtpPacket packet = new RtpPacket();
    private final RtpHeaderExtensionCursor cursor = new RtpHeaderExtensionCursor();
    private final RtpExtensionIdRewriter rewriter = new RtpExtensionIdRewriter();
    private final int[] there = {0, 5, 6, 7, 8};
    private final int[] back = {0, 0, 0, 0, 0, 1, 2, 3, 4};
    private final byte[] opus = Arrays.copyOf(RtpSamples.OPUS, RtpSamples.OPUS.length + 16);
    private final byte[][] refused = {
        Arrays.copyOf(RtpSamples.OPUS, 11),
        RtpSamples.hex("50 ef 1a2b 0000bb80 12345678 00"),
        Arrays.copyOf(RtpSamples.VP8, 19),
        Arrays.copyOf(RtpSamples.OPUS, 27),
        RtpSamples.hex("a2e0 ffff ffffffff 0000abcd 11111111 22222222 | 90 00 00 00"),
    };
    private int seq;
    private long sink;

    @Test
    void parsingAndTheForwardingRewriteAllocateNothing() throws Exception {
        double bytes = AllocationMeter.bytesPerRun(this::forward, WARMUP, MEASURED);
        assertThat(sink).isNotZero();
        assertThat(bytes).isLessThan(1.0);
    }

    private void forward() {
        if (!packet.wrap(opus, 0, RtpSamples.OPUS.length)) {
            throw new AssertionError(packet.malformation());
        }
        packet.setSequenceNumber(++seq);
        packet.setTimestamp(packet.timestamp() + 960);
        packet.setSsrc(0xCAFEBABEL);
        packet.setPayloadType(100);
        packet.setMarker(!packet.marker());
        // Alternate maps so the same bytes can be rewritten forever.
        if (rewriter.rewrite(packet, (seq & 1) == 1 ? there : back) != null) {
            throw new AssertionError("rewrite refused");
        }
        if (cursor.find(packet, 3)) {
            sink += cursor.dataOffset();
        }
        packet.setLength(packet.length() + 10);
        sink += packet.payloadLength() + packet.tailroom();
    }

    @Test
    void refusingAllocatesNothing() throws Exception {
        double bytes = AllocationMeter.bytesPerRun(this::refuse, WARMUP, MEASURED);
        assertThat(sink).isNotZero();
        assertThat(bytes).isLessThan(1.0);
    }

    private void refuse() {
        byte[] b = refused[seq++ % refused.length];
        if (packet.wrap(b, 0, b.length)) {
            throw new AssertionError("accepted a malformed packet");
        }
        sink += packet.malformation().ordinal() + 1 + RtpPacket.headerLength(b, 0, b.length);
    }
}

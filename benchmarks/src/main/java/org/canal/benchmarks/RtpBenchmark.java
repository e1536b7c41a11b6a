package org.canal.benchmarks;

import java.util.concurrent.TimeUnit;
import org.canal.protocol.rtp.RtpExtensionIdRewriter;
import org.canal.protocol.rtp.RtpHeaderExtensionCursor;
import org.canal.protocol.rtp.RtpPacket;
import org.canal.protocol.rtp.RtpPacketWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * RTP on the forwarding path: parse a Chromium-like 1,200-byte video packet (one-byte header
 * extensions: abs-send-time, transport-wide-cc, mid), then rewrite what a subscriber leg changes:
 * sequence number, timestamp, SSRC, payload type and extension ids.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RtpBenchmark {
    static final int PACKET_SIZE = 1200;

    private final byte[] buf = new byte[PACKET_SIZE + 64];
    private int length;
    private final RtpPacket packet = new RtpPacket();
    private final RtpHeaderExtensionCursor cursor = new RtpHeaderExtensionCursor();
    private final RtpExtensionIdRewriter rewriter = new RtpExtensionIdRewriter();
    // Publisher ids 2, 3, 4 become the subscriber's 5, 6, 7, and back on the next packet, so the
    // same bytes can be rewritten for ever.
    private final int[] toSubscriber = {0, 0, 5, 6, 7, 0, 0, 0};
    private final int[] toPublisher = {0, 0, 0, 0, 0, 2, 3, 4};
    private int seq;

    @Setup
    public void buildPacket() {
        RtpPacketWriter w = new RtpPacketWriter().start(buf, 0)
                .payloadType(96).sequenceNumber(1000).timestamp(90_000).ssrc(0x1234_5678L)
                .beginExtensions(RtpHeaderExtensionCursor.ONE_BYTE_PROFILE)
                .extension(2, new byte[] {0x12, 0x34, 0x56})   // abs-send-time
                .extension(3, new byte[] {0x00, 0x2A})         // transport-wide-cc sequence
                .extension(4, new byte[] {'1'});               // sdes:mid
        int headerSoFar = 12 + 4 + 12;
        length = w.payload(new byte[PACKET_SIZE - headerSoFar]).finish();
    }

    @Benchmark
    public int parse() {
        packet.wrap(buf, 0, length);
        return packet.sequenceNumber() + packet.payloadLength();
    }

    @Benchmark
    public int parseAndRewriteForSubscriber() {
        if (!packet.wrap(buf, 0, length)) {
            return -1;
        }
        packet.setSequenceNumber(++seq);
        packet.setTimestamp(packet.timestamp() + 3000);
        packet.setSsrc(0xCAFE_BABEL);
        packet.setPayloadType(102);
        rewriter.rewrite(packet, (seq & 1) == 1 ? toSubscriber : toPublisher);
        return cursor.find(packet, 6) ? cursor.dataOffset() : 0;
    }
}

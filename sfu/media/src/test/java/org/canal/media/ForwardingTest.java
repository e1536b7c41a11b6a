package org.canal.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.canal.media.api.Codec;
import org.canal.media.api.HeaderExtension;
import org.canal.media.api.MediaCommand;
import org.canal.media.api.MediaKind;
import org.canal.media.api.PublishedTrack;
import org.canal.media.api.SubscribedTrack;
import org.canal.media.api.TransportDirection;
import org.canal.protocol.rtcp.PictureLossIndicationPacket;
import org.canal.protocol.rtcp.ReceiverReportPacket;
import org.canal.protocol.rtcp.ReportBlock;
import org.canal.protocol.rtcp.RtcpCompoundReader;
import org.canal.protocol.rtcp.RtcpPacketKind;
import org.canal.protocol.rtp.RtpHeaderExtensionCursor;
import org.canal.protocol.rtp.RtpPacket;
import org.canal.protocol.rtp.RtpPacketWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A publishes a VP8-like track, B subscribes to it: A's SRTP reaches B re-encrypted with B's keys and
 * rewritten to what B negotiated; B's PLI reaches A; A hears receiver reports; after A leaves, B gets
 * nothing more.
 */
class ForwardingTest {
    static final String MID_URI = "urn:ietf:params:rtp-hdrext:sdes:mid";
    static final long A_SSRC = 0xA1A1_0001L;
    static final long B_SSRC = 0xB0B0L;

    private MediaNode node;
    private ConnectedPeer a;
    private ConnectedPeer b;
    private final Random random = new Random(7);

    @BeforeEach
    void setUp() throws Exception {
        node = new MediaNode();
        a = ConnectedPeer.join(node, "call-fwd", "alice", TransportDirection.PUBLISH);
        b = ConnectedPeer.join(node, "call-fwd", "bob", TransportDirection.SUBSCRIBE);
        publishAndSubscribe(node, a, b);
    }

    static void publishAndSubscribe(MediaNode node, ConnectedPeer a, ConnectedPeer b) throws Exception {
        node.send(new MediaCommand.SetPublishedTracks(a.transportId(), List.of(new PublishedTrack("alice-0", "0",
                MediaKind.VIDEO, List.of(new Codec(96, "VP8", 90_000, 0, null, List.of("nack pli"))),
                List.of(new HeaderExtension(4, MID_URI)), 0))));
        node.send(new MediaCommand.SetSubscribedTracks(b.transportId(), List.of(new SubscribedTrack("alice-0", "1",
                B_SSRC, List.of(new Codec(100, "vp8", 90_000, 0, null, List.of("nack pli"))),
                List.of(new HeaderExtension(9, MID_URI))))));
    }

    @AfterEach
    void tearDown() throws Exception {
        a.close();
        b.close();
        node.close();
    }

    /** A VP8-like packet as A's browser sends it: PT 96, MID "0" in a one-byte extension with id 4. */
    static byte[] packet(long ssrc, int seq, long timestamp, byte[] payload) {
        byte[] buf = new byte[1500];
        int n = new RtpPacketWriter().start(buf, 0).payloadType(96).sequenceNumber(seq).timestamp(timestamp).ssrc(ssrc)
                .beginExtensions(RtpHeaderExtensionCursor.ONE_BYTE_PROFILE)
                .extension(4, "0".getBytes(StandardCharsets.US_ASCII))
                .payload(payload).finish();
        return Arrays.copyOf(buf, n);
    }

    private byte[] payload() {
        byte[] p = new byte[200 + random.nextInt(800)];
        random.nextBytes(p);
        return p;
    }

    @Test
    void packetsReachTheSubscriberRewrittenToItsNegotiation() throws Exception {
        List<byte[]> payloads = new ArrayList<>();
        int firstSeq = 65_530; // crosses the 16-bit wrap
        for (int i = 0; i < 20; i++) {
            byte[] p = payload();
            payloads.add(p);
            a.peer().sendRtp(packet(A_SSRC, (firstSeq + i) & 0xFFFF, 1_000L + 3_000L * i, p));
        }
        RtpPacket rtp = new RtpPacket();
        RtpHeaderExtensionCursor cursor = new RtpHeaderExtensionCursor();
        int previous = -1;
        for (int i = 0; i < 20; i++) {
            byte[] got = b.peer().nextRtp(5_000);
            assertThat(got).as("packet %d reaches B", i).isNotNull();
            assertThat(rtp.wrap(got, 0, got.length)).isTrue();
            assertThat(rtp.ssrc()).isEqualTo(B_SSRC);
            assertThat(rtp.payloadType()).isEqualTo(100);
            assertThat(cursor.find(rtp, 9)).as("MID under B's extension id").isTrue();
            assertThat(new String(got, cursor.dataOffset(), cursor.dataLength(), StandardCharsets.US_ASCII))
                    .as("B's mid").isEqualTo("1");
            assertThat(cursor.find(rtp, 4)).as("A's id is gone").isFalse();
            if (previous >= 0) {
                assertThat(rtp.sequenceNumber()).isEqualTo((previous + 1) & 0xFFFF);
            }
            previous = rtp.sequenceNumber();
            assertThat(Arrays.copyOfRange(got, rtp.payloadOffset(), rtp.payloadOffset() + rtp.payloadLength()))
                    .isEqualTo(payloads.get(i));
        }

        // A's browser restarts its encoder with a new SSRC: B's sequence numbers run on.
        long newSsrc = 0xA1A1_0002L;
        for (int i = 0; i < 5; i++) {
            a.peer().sendRtp(packet(newSsrc, 7_000 + i, 500_000L + 3_000L * i, payload()));
        }
        for (int i = 0; i < 5; i++) {
            byte[] got = b.peer().nextRtp(5_000);
            assertThat(got).isNotNull();
            rtp.wrap(got, 0, got.length);
            assertThat(rtp.ssrc()).isEqualTo(B_SSRC);
            assertThat(rtp.sequenceNumber()).isEqualTo((previous + 1) & 0xFFFF);
            previous = rtp.sequenceNumber();
        }
        assertThat(node.send(new MediaCommand.DescribeNode()).rtpForwarded())
                .as("the node counts every packet it forwarded to B").isEqualTo(25);
    }

    @Test
    void aSubscribersPliReachesThePublisherThrottled() throws Exception {
        a.peer().sendRtp(packet(A_SSRC, 1, 1_000, payload()));
        assertThat(b.peer().nextRtp(5_000)).isNotNull();
        // Subscribing to video asked A for a keyframe already, as soon as A's SSRC was known.
        assertThat(nextPli(a, 5_000)).isEqualTo(A_SSRC);

        Thread.sleep(600); // past the 500 ms throttle
        byte[] pli = new byte[PictureLossIndicationPacket.SIZE];
        PictureLossIndicationPacket.write(pli, 0, 0x5EB5_C41BL, B_SSRC);
        b.peer().sendRtcp(pli);
        assertThat(nextPli(a, 5_000)).as("B's PLI, for A's media SSRC").isEqualTo(A_SSRC);
        b.peer().sendRtcp(pli); // within 500 ms of the last one: throttled
        assertThat(nextPli(a, 300)).isNull();
    }

    @Test
    void thePublisherHearsReceiverReports() throws Exception {
        for (int i = 0; i < 10; i++) {
            if (i != 4) { // one packet lost on the way
                a.peer().sendRtp(packet(A_SSRC, 100 + i, 1_000L + 3_000L * i, payload()));
            }
        }
        long deadline = System.currentTimeMillis() + 5_000;
        ReceiverReportPacket rr = new ReceiverReportPacket();
        ReportBlock block = new ReportBlock();
        while (System.currentTimeMillis() < deadline) {
            byte[] rtcp = a.peer().rtcp.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (rtcp == null) {
                continue;
            }
            RtcpCompoundReader reader = new RtcpCompoundReader();
            assertThat(reader.wrap(rtcp, 0, rtcp.length)).isTrue();
            while (reader.next()) {
                if (RtcpPacketKind.of(reader) == RtcpPacketKind.RECEIVER_REPORT && rr.wrap(reader) && rr.reportCount() > 0) {
                    rr.reportBlock(0, block);
                    assertThat(block.ssrc()).isEqualTo(A_SSRC);
                    assertThat(block.extendedHighestSequence()).isEqualTo(109);
                    assertThat(block.cumulativeLost()).isEqualTo(1);
                    assertThat(block.fractionLost()).isEqualTo(256 / 10);
                    return;
                }
            }
        }
        throw new AssertionError("no receiver report reached the publisher");
    }

    @Test
    void afterThePublisherLeavesTheSubscriberReceivesNothing() throws Exception {
        a.peer().sendRtp(packet(A_SSRC, 1, 1_000, payload()));
        assertThat(b.peer().nextRtp(5_000)).isNotNull();
        node.send(new MediaCommand.LeaveCall("call-fwd", "alice"));
        for (int i = 2; i < 10; i++) {
            a.peer().sendRtp(packet(A_SSRC, i, 1_000L + 3_000L * i, payload()));
        }
        assertThat(b.peer().nextRtp(1_000)).isNull();
    }

    /** The media SSRC of the next PLI the peer receives, or null. */
    static Long nextPli(ConnectedPeer peer, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        PictureLossIndicationPacket pli = new PictureLossIndicationPacket();
        while (System.currentTimeMillis() < deadline) {
            byte[] rtcp = peer.peer().rtcp.poll(50, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (rtcp == null) {
                continue;
            }
            RtcpCompoundReader reader = new RtcpCompoundReader();
            if (!reader.wrap(rtcp, 0, rtcp.length)) {
                continue;
            }
            while (reader.next()) {
                if (RtcpPacketKind.of(reader) == RtcpPacketKind.PICTURE_LOSS_INDICATION && pli.wrap(reader)) {
                    return pli.mediaSsrc();
                }
            }
        }
        return null;
    }
}

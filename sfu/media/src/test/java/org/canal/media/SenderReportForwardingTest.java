package org.canal.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.canal.media.api.CallStats;
import org.canal.media.api.Codec;
import org.canal.media.api.HeaderExtension;
import org.canal.media.api.MediaCommand;
import org.canal.media.api.MediaKind;
import org.canal.media.api.PublishedTrack;
import org.canal.media.api.SubscribedTrack;
import org.canal.media.api.TransportDirection;
import org.canal.protocol.rtcp.RtcpCompoundReader;
import org.canal.protocol.rtcp.RtcpPacketKind;
import org.canal.protocol.rtcp.SdesPacket;
import org.canal.protocol.rtcp.SdesWriter;
import org.canal.protocol.rtcp.SenderReportPacket;
import org.canal.protocol.rtp.RtpPacket;
import org.canal.protocol.rtp.RtpPacketWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A publishes a video track (subscribed by B) and an audio track (subscribed by nobody) and sends
 * sender reports as a browser does (SR + SDES CNAME): B receives, for its leg, an SR under its own
 * SSRC with A's NTP timestamp, an RTP timestamp on the timeline of the packets B received (also after
 * A changes SSRC, when the leg offsets timestamps) and the counts of what B received; SRs of the
 * unsubscribed track, of an unknown SSRC and of a superseded SSRC reach nobody.
 */
class SenderReportForwardingTest {
    private static final String CALL = "call-sr";
    private static final long AUDIO_SSRC = 0xA0D1_0001L;
    private static final long NTP = 0xE8A1_2345_8000_0000L; // some second of 2023, and a half

    private MediaNode node;
    private ConnectedPeer a;
    private ConnectedPeer b;
    private final Random random = new Random(11);
    private final RtpPacket rtp = new RtpPacket();
    /** What B received so far: packets and payload octets, and the last (A's, B's) timestamp pair. */
    private long receivedPackets;
    private long receivedOctets;

    @BeforeEach
    void setUp() throws Exception {
        node = new MediaNode();
        a = ConnectedPeer.join(node, CALL, "alice", TransportDirection.PUBLISH);
        b = ConnectedPeer.join(node, CALL, "bob", TransportDirection.SUBSCRIBE);
        node.send(new MediaCommand.SetPublishedTracks(a.transportId(), List.of(
                new PublishedTrack("alice-0", "0", MediaKind.VIDEO,
                        List.of(new Codec(96, "VP8", 90_000, 0, null, List.of("nack pli"))),
                        List.of(new HeaderExtension(4, ForwardingTest.MID_URI)), 0),
                new PublishedTrack("alice-1", "1", MediaKind.AUDIO,
                        List.of(new Codec(111, "opus", 48_000, 2, null, List.of())), List.of(), AUDIO_SSRC))));
        node.send(new MediaCommand.SetSubscribedTracks(b.transportId(), List.of(new SubscribedTrack("alice-0", "1",
                ForwardingTest.B_SSRC, List.of(new Codec(100, "VP8", 90_000, 0, null, List.of("nack pli"))),
                List.of(new HeaderExtension(9, ForwardingTest.MID_URI))))));
    }

    @AfterEach
    void tearDown() throws Exception {
        a.close();
        b.close();
        node.close();
    }

    @Test
    void theSubscriberGetsTheSenderReportTranslatedForItsLeg() throws Exception {
        long[] pair = sendAndReceive(ForwardingTest.A_SSRC, 100, 1_000L, 10);
        assertThat(pair[1]).as("the first source is forwarded with its own timestamps").isEqualTo(pair[0]);

        // A's SR 1,500 ticks after its last packet, with A's own counts (which B must not see)
        long srTimestamp = pair[0] + 1_500;
        a.peer().sendRtcp(senderReport(ForwardingTest.A_SSRC, NTP, srTimestamp, 9_999, 9_999_999));
        SenderReportPacket sr = nextSenderReport(b, 5_000);
        assertThat(sr).as("an SR reaches B").isNotNull();
        assertThat(sr.senderSsrc()).isEqualTo(ForwardingTest.B_SSRC);
        assertThat(sr.ntpTimestamp()).isEqualTo(NTP);
        assertThat(sr.rtpTimestamp()).isEqualTo(pair[1] + 1_500);
        assertThat(sr.senderPacketCount()).isEqualTo(receivedPackets).isEqualTo(10);
        assertThat(sr.senderOctetCount()).isEqualTo(receivedOctets);
        assertThat(sr.reportCount()).isZero();

        // A restarts its encoder: new SSRC, unrelated timestamps; B's timestamps run on with an offset.
        long newSsrc = 0xA1A1_0002L;
        pair = sendAndReceive(newSsrc, 7_000, 3_000_000_000L, 5);
        assertThat(pair[1]).as("B's timeline is offset from A's new one").isNotEqualTo(pair[0]);
        long ntp2 = NTP + (1L << 32); // a second later
        a.peer().sendRtcp(senderReport(newSsrc, ntp2, pair[0] + 90_000, 1, 1));
        sr = nextSenderReport(b, 5_000);
        assertThat(sr).isNotNull();
        assertThat(sr.senderSsrc()).isEqualTo(ForwardingTest.B_SSRC);
        assertThat(sr.ntpTimestamp()).isEqualTo(ntp2);
        assertThat(sr.rtpTimestamp()).as("the leg's offset, applied to the SR").isEqualTo((pair[1] + 90_000) & 0xFFFF_FFFFL);
        assertThat(sr.senderPacketCount()).as("counts over the leg, across the source change").isEqualTo(15);
        assertThat(sr.senderOctetCount()).isEqualTo(receivedOctets);

        // an SR of the superseded SSRC has nothing left to translate with
        a.peer().sendRtcp(senderReport(ForwardingTest.A_SSRC, ntp2, srTimestamp, 1, 1));
        assertThat(nextSenderReport(b, 500)).isNull();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(stats(a).drops()).containsEntry("SR_UNKNOWN_SSRC", 1L);
            assertThat(stats(b).senderReportsSent()).isEqualTo(2);
            assertThat(stats(b).drops()).isEmpty();
        });
    }

    @Test
    void senderReportsNobodySubscribesToAreNotForwarded() throws Exception {
        sendAndReceive(ForwardingTest.A_SSRC, 1, 1_000L, 3);
        // the audio track is published (its SSRC learned from its first packet) but B does not subscribe
        a.peer().sendRtp(audioPacket(1, 960));
        a.peer().sendRtcp(senderReport(AUDIO_SSRC, NTP, 960, 1, 100));
        a.peer().sendRtcp(senderReport(0xDEAD_BEEFL, NTP, 960, 1, 100)); // no track at all
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            CallStats.TransportStats publish = stats(a);
            assertThat(publish.rtpPacketsReceived()).isEqualTo(4);
            assertThat(publish.rtcpPacketsReceived()).isEqualTo(2);
            assertThat(publish.drops()).containsOnly(java.util.Map.entry("SR_UNKNOWN_SSRC", 1L));
        });
        assertThat(nextSenderReport(b, 500)).as("nothing reaches B").isNull();
        assertThat(b.peer().nextRtp(0)).as("nor the audio").isNull();
        assertThat(stats(b).senderReportsSent()).isZero();
    }

    @Test
    void aLateSubscriberGetsSenderReportsOnceItsLegCarriedAPacket() throws Exception {
        sendAndReceive(ForwardingTest.A_SSRC, 1, 1_000L, 3);
        long lateSsrc = 0xC0C0L;
        try (ConnectedPeer c = ConnectedPeer.join(node, CALL, "carol", TransportDirection.SUBSCRIBE)) {
            node.send(new MediaCommand.SetSubscribedTracks(c.transportId(), List.of(new SubscribedTrack("alice-0", "5",
                    lateSsrc, List.of(new Codec(101, "VP8", 90_000, 0, null, List.of())), List.of()))));
            // no packet of A's source went out on C's leg yet: no timestamp mapping, so no SR for C
            a.peer().sendRtcp(senderReport(ForwardingTest.A_SSRC, NTP, 10_000, 3, 3_000));
            assertThat(nextSenderReport(b, 5_000)).as("B's leg has one").isNotNull();
            assertThat(nextSenderReport(c, 500)).isNull();

            sendAndReceive(ForwardingTest.A_SSRC, 4, 10_000L, 1);
            byte[] got = c.peer().nextRtp(5_000);
            assertThat(got).as("C receives A's next packet").isNotNull();
            rtp.wrap(got, 0, got.length);
            long cTimestamp = rtp.timestamp();
            int cOctets = rtp.payloadLength();
            a.peer().sendRtcp(senderReport(ForwardingTest.A_SSRC, NTP + 1, 10_300, 4, 4_000));
            SenderReportPacket sr = nextSenderReport(c, 5_000);
            assertThat(sr).isNotNull();
            assertThat(sr.senderSsrc()).isEqualTo(lateSsrc);
            assertThat(sr.ntpTimestamp()).isEqualTo(NTP + 1);
            assertThat(sr.rtpTimestamp()).isEqualTo(cTimestamp + 300);
            assertThat(sr.senderPacketCount()).as("C's leg carried one packet").isEqualTo(1);
            assertThat(sr.senderOctetCount()).isEqualTo(cOctets);
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(stats(c).drops()).containsOnly(java.util.Map.entry("SR_BEFORE_MEDIA", 1L));
                assertThat(stats(c).senderReportsSent()).isEqualTo(1);
            });
        }
    }

    /**
     * A sends {@code count} video packets from {@code ssrc}; B receives them all; returns the last
     * packet's timestamp as A sent it and as B received it.
     */
    private long[] sendAndReceive(long ssrc, int firstSeq, long firstTimestamp, int count) throws Exception {
        long sent = 0;
        long received = 0;
        for (int i = 0; i < count; i++) {
            byte[] payload = new byte[100 + random.nextInt(900)];
            random.nextBytes(payload);
            sent = (firstTimestamp + 3_000L * i) & 0xFFFF_FFFFL;
            a.peer().sendRtp(ForwardingTest.packet(ssrc, (firstSeq + i) & 0xFFFF, sent, payload));
            byte[] got = b.peer().nextRtp(5_000);
            assertThat(got).as("packet %d reaches B", i).isNotNull();
            assertThat(rtp.wrap(got, 0, got.length)).isTrue();
            assertThat(rtp.ssrc()).isEqualTo(ForwardingTest.B_SSRC);
            assertThat(Arrays.copyOfRange(got, rtp.payloadOffset(), rtp.payloadOffset() + rtp.payloadLength()))
                    .isEqualTo(payload);
            receivedPackets++;
            receivedOctets += rtp.payloadLength();
            received = rtp.timestamp();
        }
        return new long[] {sent, received};
    }

    private static byte[] audioPacket(int seq, long timestamp) {
        byte[] buf = new byte[200];
        int n = new RtpPacketWriter().start(buf, 0).payloadType(111).sequenceNumber(seq).timestamp(timestamp)
                .ssrc(AUDIO_SSRC).payload(new byte[80]).finish();
        return Arrays.copyOf(buf, n);
    }

    /** A browser's compound: SR without report blocks (it only sends on this transport), then SDES CNAME. */
    private static byte[] senderReport(long ssrc, long ntp, long rtpTimestamp, long packets, long octets) {
        byte[] buf = new byte[200];
        int n = SenderReportPacket.write(buf, 0, ssrc, ntp, rtpTimestamp, packets, octets, 0);
        n += new SdesWriter().start(buf, n).chunk(ssrc).item(SdesPacket.ITEM_CNAME, "alice-cname").finish();
        return Arrays.copyOf(buf, n);
    }

    /** The next SR the peer receives (alone, reduced-size), or null. */
    private static SenderReportPacket nextSenderReport(ConnectedPeer peer, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        do {
            byte[] rtcp = peer.peer().rtcp.poll(50, TimeUnit.MILLISECONDS);
            if (rtcp == null) {
                continue;
            }
            RtcpCompoundReader reader = new RtcpCompoundReader();
            assertThat(reader.wrap(rtcp, 0, rtcp.length)).isTrue();
            assertThat(reader.next()).isTrue();
            if (RtcpPacketKind.of(reader) == RtcpPacketKind.SENDER_REPORT) {
                SenderReportPacket sr = new SenderReportPacket();
                assertThat(sr.wrap(reader)).isTrue();
                assertThat(reader.next()).as("the SR goes alone").isFalse();
                return sr;
            }
        } while (System.currentTimeMillis() < deadline);
        return null;
    }

    private CallStats.TransportStats stats(ConnectedPeer peer) throws Exception {
        CallStats call = node.send(new MediaCommand.DescribeCall(CALL));
        return call.transports().stream().filter(t -> t.transportId().equals(peer.transportId())).findFirst()
                .orElseThrow();
    }
}

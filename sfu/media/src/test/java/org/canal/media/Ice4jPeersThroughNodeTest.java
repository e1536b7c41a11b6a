package org.canal.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.canal.media.api.CallStats;
import org.canal.media.api.Codec;
import org.canal.media.api.HeaderExtension;
import org.canal.media.api.LocalTransport;
import org.canal.media.api.MediaCommand;
import org.canal.media.api.MediaKind;
import org.canal.media.api.PublishedTrack;
import org.canal.media.api.RemoteTransport;
import org.canal.media.api.SubscribedTrack;
import org.canal.media.api.TransportDirection;
import org.canal.peer.MediaListener;
import org.canal.peer.Peer;
import org.canal.peer.PeerSession;
import org.canal.peer.RtpStreamSource;
import org.canal.protocol.rtp.RtpPacket;
import org.canal.protocol.srtp.SrtpProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The media plane without a browser, against independent implementations: two canal-peer clients,
 * each an ice4j full ICE agent (controlling, on 127.0.0.1) with a BouncyCastle DTLS client, complete
 * ICE against the node's ICE-lite and DTLS-SRTP against its DTLS server; an SRTP stream one of them
 * publishes arrives at the other decrypted with its own keys, rewritten to what it negotiated, with
 * the publisher's payload bytes intact.
 */
class Ice4jPeersThroughNodeTest {
    private static final String MID_URI = "urn:ietf:params:rtp-hdrext:sdes:mid";
    private static final long PUBLISHER_SSRC = 0x5EED_0001L;
    private static final long SUBSCRIBER_SSRC = 0x5EED_B0B0L;
    private static final int PACKETS = 100;

    private MediaNode node;
    private Peer alice;
    private Peer bob;

    @BeforeEach
    void start() throws Exception {
        node = new MediaNode();
        alice = Peer.create();
        bob = Peer.create();
    }

    @AfterEach
    void stop() throws Exception {
        alice.close();
        bob.close();
        node.close();
    }

    @Test
    void anSrtpStreamPublishedByOneIce4jPeerArrivesDecryptedAtAnother() throws Exception {
        PeerSession publisher = connect(alice, "alice", TransportDirection.PUBLISH, MediaListener.NONE);
        Map<Long, byte[]> received = new ConcurrentHashMap<>();
        RtpPacket view = new RtpPacket();
        PeerSession subscriber = connect(bob, "bob", TransportDirection.SUBSCRIBE, (buf, off, len) -> {
            byte[] copy = java.util.Arrays.copyOfRange(buf, off, off + len);
            if (view.wrap(copy, 0, copy.length)) {
                received.put(view.timestamp(), copy);
            }
        });
        assertThat(publisher.profile()).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
        assertThat(subscriber.profile()).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
        System.out.printf("ice4j peers against the node: ICE %d ms and %d ms, DTLS %d ms and %d ms%n",
                publisher.iceDuration().toMillis(), subscriber.iceDuration().toMillis(),
                publisher.dtlsDuration().toMillis(), subscriber.dtlsDuration().toMillis());

        String publishTransport = transportOf(TransportDirection.PUBLISH);
        String subscribeTransport = transportOf(TransportDirection.SUBSCRIBE);
        node.send(new MediaCommand.SetPublishedTracks(publishTransport, List.of(new PublishedTrack("alice:0", "0",
                MediaKind.VIDEO, List.of(new Codec(96, "VP8", 90_000, 0, null, List.of("nack pli"))),
                List.of(new HeaderExtension(4, MID_URI)), 0))));
        node.send(new MediaCommand.SetSubscribedTracks(subscribeTransport, List.of(new SubscribedTrack("alice:0", "3",
                SUBSCRIBER_SSRC, List.of(new Codec(102, "VP8", 90_000, 0, null, List.of("nack pli"))),
                List.of(new HeaderExtension(7, MID_URI))))));

        // One packet per frame, so each carries its own timestamp, which the node leaves alone.
        RtpStreamSource source = RtpStreamSource.builder(PUBLISHER_SSRC, 96, 90_000, 1_000)
                .frameInterval(java.time.Duration.ofMillis(20)).packetsPerFrame(1).markFrameEnds(true)
                .mid(4, "0").firstSequenceNumber(65_500).firstTimestamp(3_000).build();
        Map<Long, byte[]> sentPayloads = new ConcurrentHashMap<>();
        byte[] buf = new byte[1500];
        RtpPacket sent = new RtpPacket();
        for (int i = 0; i < PACKETS; i++) {
            int n = source.next(buf, 0);
            sent.wrap(buf, 0, n);
            sentPayloads.put(sent.timestamp(), java.util.Arrays.copyOfRange(buf, sent.payloadOffset(), sent.payloadOffset() + sent.payloadLength()));
            assertThat(publisher.sendRtp(buf, 0, n)).isPositive();
            Thread.sleep(2);
        }

        // Loopback may still drop a datagram under load: most must arrive, and every one that does is exact.
        Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> received.size() >= PACKETS * 9 / 10);
        for (Map.Entry<Long, byte[]> e : received.entrySet()) {
            byte[] packet = e.getValue();
            assertThat(view.wrap(packet, 0, packet.length)).isTrue();
            assertThat(view.ssrc()).isEqualTo(SUBSCRIBER_SSRC);
            assertThat(view.payloadType()).isEqualTo(102);
            assertThat(java.util.Arrays.copyOfRange(packet, view.payloadOffset(), view.payloadOffset() + view.payloadLength()))
                    .as("payload of the packet with timestamp %d", e.getKey())
                    .isEqualTo(sentPayloads.get(e.getKey()));
        }
        assertThat(subscriber.refused()).as("SRTP packets the subscriber could not authenticate").isZero();
    }

    private PeerSession connect(Peer peer, String session, TransportDirection direction, MediaListener listener)
            throws Exception {
        LocalTransport local = node.send(new MediaCommand.OpenTransport("ice4j-call", session, direction));
        node.send(new MediaCommand.ConnectTransport(local.transportId(),
                new RemoteTransport(peer.iceUfrag(), peer.icePwd(), peer.fingerprintAlgorithm(), peer.fingerprint())));
        List<InetSocketAddress> candidates = local.candidates().stream()
                .map(c -> new InetSocketAddress(c.address(), c.port())).toList();
        return peer.connect(local.iceUfrag(), local.icePwd(), local.fingerprint(), candidates, listener)
                .get(20, TimeUnit.SECONDS);
    }

    private String transportOf(TransportDirection direction) throws Exception {
        CallStats stats = node.send(new MediaCommand.DescribeCall("ice4j-call"));
        return stats.transports().stream().filter(t -> t.direction() == direction)
                .filter(t -> "CONNECTED".equals(t.state()))
                .findFirst().orElseThrow().transportId();
    }
}

package org.canal.media.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.canal.media.api.Codec;
import org.canal.media.api.HeaderExtension;
import org.canal.media.api.MediaKind;
import org.canal.media.api.PublishedTrack;
import org.canal.media.api.SubscribedTrack;
import org.canal.media.api.TransportDirection;
import org.canal.media.dtls.DtlsHandshaker;
import org.canal.media.dtls.NodeCertificate;
import org.canal.media.ice.IceLiteAgent;
import org.canal.protocol.rtcp.PictureLossIndicationPacket;
import org.canal.protocol.rtcp.SenderReportPacket;
import org.canal.protocol.rtp.RtpHeaderExtensionCursor;
import org.canal.protocol.rtp.RtpPacketWriter;
import org.canal.protocol.srtp.SrtpContext;
import org.canal.protocol.srtp.SrtpKeyingMaterial;
import org.canal.protocol.srtp.SrtpProfile;
import org.canal.protocol.stun.StunIntegrityChecker;
import org.canal.protocol.stun.StunMessage;
import org.canal.protocol.stun.StunMessageClass;
import org.canal.protocol.stun.StunMessageWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Canal's own packet path allocates nothing per datagram: a loop without a socket (so Netty's send
 * buffers are out of the picture) is fed SRTP, SRTCP and ICE checks through {@link MediaLoop#onDatagram},
 * forwarding to a subscriber, and the test thread's allocation counter must not move. AES-CM is used
 * because it allocates nothing itself; JCE's GCM does, and is measured in the benchmarks.
 */
class PacketPathAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final long SECOND = 1_000_000_000L;
    private static final InetSocketAddress PUBLISHER = new InetSocketAddress("127.0.0.1", 40_000);
    private static final InetSocketAddress SUBSCRIBER = new InetSocketAddress("127.0.0.1", 40_001);
    private static final String MID_URI = "urn:ietf:params:rtp-hdrext:sdes:mid";

    private final SecureRandom random = new SecureRandom();
    private final EngineListener quiet = new EngineListener() {
        @Override
        public void transportConnected(Transport transport) {
        }

        @Override
        public void transportClosed(Transport transport, String reason) {
        }
    };
    private DtlsHandshaker handshaker;
    private MediaLoop loop;
    private Transport publisher;
    private Transport subscriber;
    private SrtpContext publisherBrowser;
    private SrtpContext subscriberBrowser;
    private final RtpPacketWriter writer = new RtpPacketWriter();
    private final byte[] mid = "0".getBytes(StandardCharsets.US_ASCII);
    private final byte[] payload = new byte[900];
    private int seq;

    @BeforeEach
    void setUp() {
        handshaker = new DtlsHandshaker(NodeCertificate.generate(random), 1, 1_000);
        loop = new MediaLoop(0, quiet);
        Call call = new Call("call", loop);
        publisher = transport("pub", TransportDirection.PUBLISH, call);
        subscriber = transport("sub", TransportDirection.SUBSCRIBE, call);
        publisherBrowser = connect(publisher, PUBLISHER);
        subscriberBrowser = connect(subscriber, SUBSCRIBER);
        publisher.setPublishedTracks(List.of(new PublishedTrack("t", "0", MediaKind.VIDEO,
                List.of(new Codec(96, "VP8", 90_000, 0, null, List.of())), List.of(new HeaderExtension(4, MID_URI)), 0)));
        subscriber.setSubscribedTracks(List.of(new SubscribedTrack("t", "1", 0xB0B0, List.of(new Codec(100, "VP8", 90_000,
                0, null, List.of())), List.of(new HeaderExtension(9, MID_URI)))), 0);
        random.nextBytes(payload);
    }

    @AfterEach
    void tearDown() {
        handshaker.close();
    }

    private Transport transport(String id, TransportDirection direction, Call call) {
        IceLiteAgent ice = IceLiteAgent.withRandomCredentials(random, 3_600 * SECOND, 3 * SECOND, 0);
        Transport t = new Transport(id, id, direction, call, ice, 1 + random.nextInt(1 << 30), handshaker);
        loop.attach(t);
        call.transports.add(t);
        return t;
    }

    /** Selects the browser's address with a real check and installs keys as DTLS would; returns the browser's sending context. */
    private SrtpContext connect(Transport t, InetSocketAddress browser) {
        int n = bindingRequest(t, loop.rx);
        loop.onDatagram(n, browser, SECOND);
        assertThat(t.ice.selectedAddress()).isEqualTo(browser);
        byte[] exported = new byte[SrtpProfile.AES_CM_128_HMAC_SHA1_80.keyingMaterialLength()];
        random.nextBytes(exported);
        SrtpKeyingMaterial keys = SrtpKeyingMaterial.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80, exported);
        t.installKeys(keys);
        return keys.sendingContext(true, SrtpContext.DEFAULT_MAX_STREAMS);
    }

    private static int bindingRequest(Transport t, byte[] into) {
        byte[] username = (t.ice.localUfrag() + ":brws").getBytes(StandardCharsets.US_ASCII);
        return new StunMessageWriter().start(into, 0, 512, StunMessageClass.REQUEST, StunMessage.METHOD_BINDING,
                        new byte[12], 0)
                .username(username, 0, username.length).priority(1).iceControlling(7).useCandidate()
                .messageIntegrity(StunIntegrityChecker.shortTerm(t.ice.localPwd())).fingerprint().finish();
    }

    /** One publisher packet through the loop: written, protected as the browser would, then received. */
    private void publisherPacket() {
        int n = writer.start(loop.rx, 0).payloadType(96).sequenceNumber(seq & 0xFFFF).timestamp(90L * seq).ssrc(0xA1A1)
                .beginExtensions(RtpHeaderExtensionCursor.ONE_BYTE_PROFILE).extension(4, mid)
                .payload(payload).finish();
        seq++;
        int len = publisherBrowser.protectRtp(loop.rx, 0, n);
        loop.onDatagram(len, PUBLISHER, SECOND + seq);
    }

    private static long allocatedBytes() {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /**
     * Bytes allocated by 10,000 runs once the JIT has settled: the fewest of up to ten measurements after
     * a warm-up. On a loaded machine C2 may still be compiling (or deoptimising) during one measurement,
     * and an interpreted method allocates what escape analysis removes later; steady state is the claim.
     */
    private static long steadyStateBytes(Runnable op) {
        for (int i = 0; i < 30_000; i++) {
            op.run();
        }
        long fewest = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 10 && fewest > 0; attempt++) {
            long before = allocatedBytes();
            for (int i = 0; i < 10_000; i++) {
                op.run();
            }
            fewest = Math.min(fewest, allocatedBytes() - before);
        }
        return fewest;
    }

    @Test
    void forwardingAPacketAllocatesNothing() {
        long allocated = steadyStateBytes(this::publisherPacket);
        assertThat(allocated).as("bytes allocated for 10,000 forwarded packets").isZero();
        assertThat(subscriber.stats().rtpPacketsSent()).as("every packet was forwarded").isEqualTo(seq);
    }

    @Test
    void feedbackChecksAndReportsAllocateNothing() {
        byte[] check = new byte[512];
        int checkLength = bindingRequest(publisher, check);
        Runnable round = () -> {
            publisherPacket();
            // the subscriber's PLI for its leg (mostly throttled, always parsed)
            int n = PictureLossIndicationPacket.write(loop.rx, 0, 0x5EB5, 0xB0B0);
            int len = subscriberBrowser.protectRtcp(loop.rx, 0, n);
            loop.onDatagram(len, SUBSCRIBER, SECOND + seq);
            // a consent check from the publisher's known address, answered
            System.arraycopy(check, 0, loop.rx, 0, checkLength);
            loop.onDatagram(checkLength, PUBLISHER, SECOND + seq);
            publisher.sendReceiverReports(SECOND + seq);
        };
        assertThat(steadyStateBytes(round)).as("bytes allocated for 10,000 rounds").isZero();
        assertThat(publisher.stats().rtcpPacketsSent()).as("receiver reports went out").isPositive();
        assertThat(publisher.drops.total()).isZero();
        assertThat(subscriber.drops.total()).isZero();
    }

    @Test
    void forwardingASenderReportAllocatesNothing() {
        int[] reports = new int[1];
        Runnable round = () -> {
            publisherPacket();
            // the publisher's SR for the source just forwarded, translated for the subscriber's leg
            int n = SenderReportPacket.write(loop.rx, 0, 0xA1A1, 0xE8A1_2345_0000_0000L + seq, 90L * seq, seq, 900L * seq, 0);
            int len = publisherBrowser.protectRtcp(loop.rx, 0, n);
            loop.onDatagram(len, PUBLISHER, SECOND + seq);
            reports[0]++;
        };
        assertThat(steadyStateBytes(round)).as("bytes allocated for 10,000 SRs forwarded").isZero();
        assertThat(subscriber.stats().senderReportsSent()).as("every SR was forwarded").isEqualTo(reports[0]);
        assertThat(publisher.drops.total()).isZero();
        assertThat(subscriber.drops.total()).isZero();
    }

    @Test
    void checksDuringAndAfterAnIceRestartAllocateNothing() {
        byte[] oldCheck = new byte[512];
        int oldLength = bindingRequest(publisher, oldCheck);
        publisher.restartIce("rstU", "restartedpasswordof24ch", "brws");
        byte[] newCheck = new byte[512];
        int newLength = bindingRequest(publisher, newCheck);
        Runnable pending = () -> {
            publisherPacket();
            // while the restart is pending: the old session's consent check, answered with the old key
            System.arraycopy(oldCheck, 0, loop.rx, 0, oldLength);
            loop.onDatagram(oldLength, PUBLISHER, SECOND + seq);
        };
        assertThat(steadyStateBytes(pending)).as("bytes allocated for 10,000 rounds before the restart completes")
                .isZero();
        System.arraycopy(newCheck, 0, loop.rx, 0, newLength);
        loop.onDatagram(newLength, PUBLISHER, SECOND + seq);
        assertThat(publisher.ice.restartsCompleted()).isEqualTo(1);
        Runnable after = () -> {
            publisherPacket();
            // the new session's check passes; the old one's is refused with 401
            System.arraycopy(newCheck, 0, loop.rx, 0, newLength);
            loop.onDatagram(newLength, PUBLISHER, SECOND + seq);
            System.arraycopy(oldCheck, 0, loop.rx, 0, oldLength);
            loop.onDatagram(oldLength, PUBLISHER, SECOND + seq);
        };
        assertThat(steadyStateBytes(after)).as("bytes allocated for 10,000 rounds after the restart").isZero();
        assertThat(publisher.drops.snapshot()).containsKey("STUN_WRONG_USERNAME");
        assertThat(subscriber.stats().rtpPacketsSent()).as("media flowed throughout").isEqualTo(seq);
    }

    /** The node as a plain STUN server (StunBindingServer): answering an IPv4 stranger allocates nothing. */
    @Test
    void answeringAPlainBindingRequestAllocatesNothing() {
        byte[] request = new byte[64];
        int n = new StunMessageWriter().start(request, 0, request.length, StunMessageClass.REQUEST,
                StunMessage.METHOD_BINDING, new byte[12], 0).fingerprint().finish();
        InetSocketAddress stranger = new InetSocketAddress("127.0.0.9", 50_000);
        long[] rounds = new long[1];
        Runnable round = () -> {
            System.arraycopy(request, 0, loop.rx, 0, n);
            loop.onDatagram(n, stranger, SECOND);
            rounds[0]++;
        };
        assertThat(steadyStateBytes(round)).as("bytes allocated for 10,000 answers").isZero();
        Map<String, Long> drops = new HashMap<>();
        long[] counters = new long[3];
        loop.addNodeCounters(drops, counters);
        assertThat(counters[1]).as("every request was answered").isEqualTo(rounds[0]);
        assertThat(drops).isEmpty();
    }
}

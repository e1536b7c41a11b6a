package org.canal.media.engine;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.canal.media.api.Codec;
import org.canal.media.api.HeaderExtension;
import org.canal.media.api.MediaKind;
import org.canal.media.api.PublishedTrack;
import org.canal.media.api.SubscribedTrack;
import org.canal.media.api.TransportDirection;
import org.canal.media.dtls.DtlsHandshaker;
import org.canal.media.dtls.NodeCertificate;
import org.canal.media.ice.IceLiteAgent;
import org.canal.protocol.rtp.RtpHeaderExtensionCursor;
import org.canal.protocol.rtp.RtpPacketWriter;
import org.canal.protocol.srtp.SrtpContext;
import org.canal.protocol.srtp.SrtpKeyingMaterial;
import org.canal.protocol.srtp.SrtpProfile;
import org.canal.protocol.stun.StunIntegrityChecker;
import org.canal.protocol.stun.StunMessage;
import org.canal.protocol.stun.StunMessageClass;
import org.canal.protocol.stun.StunMessageWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The media engine's forwarding path, per publisher packet: one SRTP packet from a publisher's browser
 * through {@link MediaLoop#onDatagram} (demux, route by address, unprotect, tie to its track, reception
 * statistics), then per subscriber leg copied, rewritten (extension ids, MID, payload type, sequence,
 * timestamp, SSRC) and protected again. Built as {@code PacketPathAllocationTest} builds it: a loop
 * without a socket, so its send drops what it is given and Netty's buffers are out of the picture; the
 * browser addresses are selected with real ICE checks and the SRTP keys installed as DTLS would.
 *
 * <p>Each operation also writes the packet and protects it as the publisher's browser would (a packet
 * must be fresh for the engine's replay window): {@link #browserSideOnly} measures that part alone, in
 * the same run, to be subtracted. Lives in the engine's package because the engine is package-private.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EngineForwardingBenchmark {
    private static final long SECOND = 1_000_000_000L;
    private static final String MID_URI = "urn:ietf:params:rtp-hdrext:sdes:mid";
    /** 12 header + 8 of one-byte extension block with the MID = a 1,200-byte packet before SRTP. */
    private static final int PAYLOAD = 1_180;
    private static final InetSocketAddress PUBLISHER = new InetSocketAddress("127.0.0.1", 40_000);

    @Param({"1", "4", "16"})
    public int subscribers;

    @Param({"AES_CM_128_HMAC_SHA1_80", "AEAD_AES_128_GCM"})
    public SrtpProfile profile;

    /** Fixed seed: the same keys and payload in every run and in both versions compared. */
    private final Random random = new Random(20261125);
    private final EngineListener quiet = new EngineListener() {
        @Override
        public void transportConnected(Transport transport) {
        }

        @Override
        public void transportClosed(Transport transport, String reason) {
        }
    };
    private final RtpPacketWriter writer = new RtpPacketWriter();
    private final byte[] mid = "0".getBytes(StandardCharsets.US_ASCII);
    private final byte[] payload = new byte[PAYLOAD];
    private DtlsHandshaker handshaker;
    private MediaLoop loop;
    private Transport publisher;
    private Transport[] legs;
    private SrtpContext publisherBrowser;
    private int seq;
    private long forwardedPackets;

    @Setup(Level.Trial)
    public void buildCall() {
        handshaker = new DtlsHandshaker(NodeCertificate.generate(new java.security.SecureRandom()), 1, 1_000);
        loop = new MediaLoop(0, quiet);
        Call call = new Call("call", loop);
        publisher = transport("pub", TransportDirection.PUBLISH, call);
        publisherBrowser = connect(publisher, PUBLISHER);
        publisher.setPublishedTracks(List.of(new PublishedTrack("t", "0", MediaKind.VIDEO,
                List.of(new Codec(96, "VP8", 90_000, 0, null, List.of())), List.of(new HeaderExtension(4, MID_URI)), 0)));
        legs = new Transport[subscribers];
        for (int i = 0; i < subscribers; i++) {
            Transport sub = transport("sub" + i, TransportDirection.SUBSCRIBE, call);
            connect(sub, new InetSocketAddress("127.0.0.1", 40_001 + i));
            sub.setSubscribedTracks(List.of(new SubscribedTrack("t", "1", 0xB0B0 + i, List.of(new Codec(100, "VP8",
                    90_000, 0, null, List.of())), List.of(new HeaderExtension(9, MID_URI)))), 0);
            legs[i] = sub;
        }
        random.nextBytes(payload);
    }

    /** A benchmark that forwarded nothing measured nothing: every packet must have reached every leg. */
    @TearDown(Level.Trial)
    public void checkEveryLegGotEveryPacket() {
        try {
            if (publisher.drops.total() != 0) {
                throw new IllegalStateException("publisher drops: " + publisher.drops.snapshot());
            }
            for (Transport leg : legs) {
                long sent = leg.stats().rtpPacketsSent();
                if (leg.drops.total() != 0 || sent != forwardedPackets) {
                    throw new IllegalStateException(leg.id + " sent " + sent + " of "
                            + forwardedPackets + ", drops " + leg.drops.snapshot());
                }
            }
        } finally {
            handshaker.close();
        }
    }

    @Benchmark
    public void forwardOnePacket() {
        loop.onDatagram(publisherPacket(), PUBLISHER, SECOND + seq);
        forwardedPackets++;
    }

    /** What {@link #forwardOnePacket} spends outside the engine: writing and protecting the browser's packet. */
    @Benchmark
    public int browserSideOnly() {
        return publisherPacket();
    }

    /** The next publisher packet in {@code loop.rx}, protected as the browser would; returns its length. */
    private int publisherPacket() {
        int n = writer.start(loop.rx, 0).payloadType(96).sequenceNumber(seq & 0xFFFF).timestamp(90L * seq)
                .ssrc(0xA1A1).beginExtensions(RtpHeaderExtensionCursor.ONE_BYTE_PROFILE).extension(4, mid)
                .payload(payload).finish();
        seq++;
        return publisherBrowser.protectRtp(loop.rx, 0, n);
    }

    private Transport transport(String id, TransportDirection direction, Call call) {
        IceLiteAgent ice = IceLiteAgent.withRandomCredentials(new java.security.SecureRandom(), 3_600 * SECOND,
                3 * SECOND, 0);
        Transport t = new Transport(id, id, direction, call, ice, 1 + random.nextInt(1 << 30), handshaker);
        loop.attach(t);
        call.transports.add(t);
        return t;
    }

    /** Selects the browser's address with a real check and installs keys as DTLS would; returns the browser's sending context. */
    private SrtpContext connect(Transport t, InetSocketAddress browser) {
        int n = bindingRequest(t, loop.rx);
        loop.onDatagram(n, browser, SECOND);
        if (!browser.equals(t.ice.selectedAddress())) {
            throw new IllegalStateException("the check did not select " + t.id);
        }
        byte[] exported = new byte[profile.keyingMaterialLength()];
        random.nextBytes(exported);
        SrtpKeyingMaterial keys = SrtpKeyingMaterial.of(profile, exported);
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
}

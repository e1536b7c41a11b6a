package org.canal.media;

import java.io.IOException;
import java.math.BigInteger;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.canal.media.api.IceCandidate;
import org.canal.media.api.LocalTransport;
import org.canal.media.api.RemoteTransport;
import org.canal.protocol.demux.PacketKind;
import org.canal.protocol.srtp.SrtpContext;
import org.canal.protocol.srtp.SrtpKeyingMaterial;
import org.canal.protocol.srtp.SrtpProfile;
import org.canal.protocol.stun.StunIntegrityChecker;
import org.canal.protocol.stun.StunMessage;
import org.canal.protocol.stun.StunMessageClass;
import org.canal.protocol.stun.StunMessageWriter;
import org.canal.protocol.stun.StunTransportAddress;

/**
 * A browser stand-in for tests: a UDP socket on 127.0.0.1 that sends ICE checks as a controlling agent
 * (built with the protocol core's StunMessageWriter), then runs a BouncyCastle DTLS 1.2 client with its
 * own self-signed ECDSA certificate and use_srtp, and finally sends and receives SRTP/SRTCP with the
 * exported keys. A reader thread collects what Canal sends once DTLS is done.
 */
final class TestPeer implements AutoCloseable {
    /** Replaced by {@link #moveToNewPort} (a network change); the reader thread follows. */
    volatile DatagramSocket socket;
    /** Replaced by {@link #newIceCredentials} (an ICE restart). */
    volatile String ufrag;
    volatile String pwd;
    private final BcTlsCrypto crypto = new BcTlsCrypto(new SecureRandom());
    private final byte[] certificateDer;
    private final AsymmetricKeyParameter privateKey;
    private final SecureRandom random = new SecureRandom();
    private InetSocketAddress server;
    private volatile SrtpContext sending;
    private volatile SrtpContext receiving;
    private SrtpProfile profile;
    private Thread reader;
    private org.bouncycastle.tls.DTLSTransport dtls;
    private volatile boolean closed;
    final BlockingQueue<byte[]> rtp = new LinkedBlockingQueue<>();
    final BlockingQueue<byte[]> rtcp = new LinkedBlockingQueue<>();
    /** STUN responses that arrive once the reader runs (after DTLS). */
    final BlockingQueue<byte[]> stunResponses = new LinkedBlockingQueue<>();

    TestPeer() throws Exception {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        ufrag = "peer" + Integer.toString(random.nextInt(1 << 20), 36);
        pwd = "peerpassword" + HexFormat.of().formatHex(randomBytes(8));
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = g.generateKeyPair();
        X500Name name = new X500Name("CN=test-peer");
        Instant now = Instant.now();
        certificateDer = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(random.nextInt(1 << 30) + 1L),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(1))), name, keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())).getEncoded();
        privateKey = PrivateKeyFactory.createKey(keys.getPrivate().getEncoded());
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** This peer's certificate fingerprint, as its SDP would carry it. */
    String fingerprint() throws Exception {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(certificateDer));
    }

    RemoteTransport remote() throws Exception {
        return new RemoteTransport(ufrag, pwd, "sha-256", fingerprint());
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Builds a binding request to {@code local} as the controlling browser would. */
    byte[] bindingRequest(LocalTransport local, String signingPwd, boolean useCandidate) {
        byte[] buf = new byte[512];
        byte[] username = (local.iceUfrag() + ":" + ufrag).getBytes(StandardCharsets.US_ASCII);
        StunMessageWriter w = new StunMessageWriter()
                .start(buf, 0, buf.length, StunMessageClass.REQUEST, StunMessage.METHOD_BINDING, randomBytes(12), 0)
                .username(username, 0, username.length)
                .priority(1_853_824_767L)
                .iceControlling(random.nextLong());
        if (useCandidate) {
            w.useCandidate();
        }
        int n = w.messageIntegrity(StunIntegrityChecker.shortTerm(signingPwd)).fingerprint().finish();
        return Arrays.copyOf(buf, n);
    }

    /**
     * Sends checks to the transport's candidate until an authenticated success response comes back;
     * returns the response, whose XOR-MAPPED-ADDRESS and MESSAGE-INTEGRITY the caller may check.
     */
    StunMessage checkIce(LocalTransport local, boolean useCandidate) throws Exception {
        IceCandidate c = local.candidates().get(0);
        server = new InetSocketAddress(c.address(), c.port());
        byte[] request = bindingRequest(local, local.icePwd(), useCandidate);
        byte[] in = new byte[2048];
        for (int attempt = 0; attempt < 20; attempt++) {
            send(request);
            socket.setSoTimeout(250);
            try {
                DatagramPacket p = new DatagramPacket(in, in.length);
                socket.receive(p);
                StunMessage m = new StunMessage();
                if (m.wrap(in, 0, p.getLength()) == null && m.messageClass() == StunMessageClass.SUCCESS_RESPONSE) {
                    return m;
                }
            } catch (SocketTimeoutException retry) {
                // retransmit, as RFC 8445 section 14.3 paces checks
            }
        }
        throw new IOException("no binding success response");
    }

    /** Whether {@code response}'s XOR-MAPPED-ADDRESS is this peer's address and its integrity is the server pwd's. */
    boolean responseIsAuthentic(StunMessage response, LocalTransport local) {
        StunTransportAddress mapped = new StunTransportAddress();
        return response.xorMappedAddress(mapped) && mapped.port() == localAddress().getPort()
                && StunIntegrityChecker.shortTerm(local.icePwd()).check(response) == null
                && response.checkFingerprint() == null;
    }

    void send(byte[] datagram) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length, server));
    }

    void sendTo(byte[] datagram, InetSocketAddress to) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length, to));
    }

    /** Runs the DTLS client handshake; checks the server certificate against {@code local}'s fingerprint. */
    SrtpProfile handshake(LocalTransport local, SrtpProfile... offered) throws Exception {
        SrtpProfile[] profiles = offered.length > 0 ? offered : new SrtpProfile[] {
            SrtpProfile.AES_CM_128_HMAC_SHA1_80, SrtpProfile.AEAD_AES_256_GCM, SrtpProfile.AEAD_AES_128_GCM};
        Client client = new Client(local.fingerprint(), profiles);
        dtls = new DTLSClientProtocol().connect(client, new SocketTransport());
        SrtpKeyingMaterial keys = client.keys;
        profile = keys.profile();
        sending = keys.sendingContext(true, SrtpContext.DEFAULT_MAX_STREAMS);
        receiving = keys.receivingContext(true, SrtpContext.DEFAULT_MAX_STREAMS);
        startReader();
        return profile;
    }

    /** Closes the DTLS association as a browser closing its PeerConnection does: close_notify. */
    void closeDtls() throws IOException {
        dtls.close();
    }

    /** Protects and sends an RTP packet given in clear. */
    void sendRtp(byte[] packet) throws IOException {
        byte[] b = Arrays.copyOf(packet, packet.length + 64);
        int n = sending.protectRtp(b, 0, packet.length);
        if (n < 0) {
            throw new IOException("protect failed " + n);
        }
        send(Arrays.copyOf(b, n));
    }

    /** Protects an RTP packet and returns the SRTP bytes without sending them. */
    byte[] protectRtp(byte[] packet) {
        byte[] b = Arrays.copyOf(packet, packet.length + 64);
        int n = sending.protectRtp(b, 0, packet.length);
        return Arrays.copyOf(b, n);
    }

    void sendRtcp(byte[] packet) throws IOException {
        byte[] b = Arrays.copyOf(packet, packet.length + 64);
        int n = sending.protectRtcp(b, 0, packet.length);
        if (n < 0) {
            throw new IOException("protect failed " + n);
        }
        send(Arrays.copyOf(b, n));
    }

    byte[] nextRtp(long millis) throws InterruptedException {
        return rtp.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** An ICE restart on this side: new ufrag and pwd (RFC 8445 section 9); DTLS and SRTP stay. */
    void newIceCredentials() {
        ufrag = "peer" + Integer.toString(random.nextInt(1 << 20), 36);
        pwd = "peerpassword" + HexFormat.of().formatHex(randomBytes(8));
    }

    /**
     * A network change: the peer continues from a new local port (as after a NAT rebinding); the old
     * socket closes, so nothing sent to the old address reaches this peer any more.
     */
    void moveToNewPort() throws IOException {
        DatagramSocket old = socket;
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        old.close();
    }

    /**
     * Once the reader runs: sends one binding request to {@code local} from the current socket, signed
     * with {@code signingPwd} and naming {@code localUfrag}, and returns the parsed response (success or
     * error), or null if none came within a second.
     */
    StunMessage checkWhileConnected(String localUfrag, String signingPwd, boolean useCandidate) throws Exception {
        byte[] buf = new byte[512];
        byte[] username = (localUfrag + ":" + ufrag).getBytes(StandardCharsets.US_ASCII);
        StunMessageWriter w = new StunMessageWriter()
                .start(buf, 0, buf.length, StunMessageClass.REQUEST, StunMessage.METHOD_BINDING, randomBytes(12), 0)
                .username(username, 0, username.length).priority(1_853_824_767L).iceControlling(random.nextLong());
        if (useCandidate) {
            w.useCandidate();
        }
        int n = w.messageIntegrity(StunIntegrityChecker.shortTerm(signingPwd)).fingerprint().finish();
        stunResponses.clear();
        for (int attempt = 0; attempt < 4; attempt++) {
            send(Arrays.copyOf(buf, n));
            byte[] response = stunResponses.poll(250, TimeUnit.MILLISECONDS);
            if (response != null) {
                StunMessage m = new StunMessage();
                return m.wrap(response, 0, response.length) == null ? m : null;
            }
        }
        return null;
    }

    private void startReader() {
        reader = new Thread(() -> {
            byte[] in = new byte[2048 + 64];
            while (!closed) {
                DatagramSocket socket = this.socket;
                try {
                    socket.setSoTimeout(200);
                    DatagramPacket p = new DatagramPacket(in, 2048);
                    socket.receive(p);
                    int len = p.getLength();
                    PacketKind kind = PacketKind.of(in, 0, len);
                    if (kind == PacketKind.RTP) {
                        int n = receiving.unprotectRtp(in, 0, len);
                        if (n > 0) {
                            rtp.add(Arrays.copyOf(in, n));
                        }
                    } else if (kind == PacketKind.RTCP) {
                        int n = receiving.unprotectRtcp(in, 0, len);
                        if (n > 0) {
                            rtcp.add(Arrays.copyOf(in, n));
                        }
                    } else if (kind == PacketKind.STUN) {
                        stunResponses.add(Arrays.copyOf(in, len));
                    }
                } catch (SocketTimeoutException idle) {
                    // keep listening
                } catch (IOException e) {
                    if (socket == this.socket) {
                        return; // closed for good, not moved to a new port
                    }
                }
            }
        }, "test-peer-reader");
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public void close() throws Exception {
        closed = true;
        if (reader != null) {
            reader.join(1_000);
        }
        socket.close();
    }

    /** DTLS over the peer's socket, skipping anything that is not DTLS (late STUN responses). */
    private final class SocketTransport implements DatagramTransport {
        @Override
        public int getReceiveLimit() {
            return 2048;
        }

        @Override
        public int getSendLimit() {
            return 1200;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            long deadline = System.currentTimeMillis() + waitMillis;
            byte[] in = new byte[2048];
            while (true) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return -1;
                }
                socket.setSoTimeout((int) left);
                DatagramPacket p = new DatagramPacket(in, in.length);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    return -1;
                }
                if (PacketKind.of(in, 0, p.getLength()) == PacketKind.DTLS) {
                    int n = Math.min(len, p.getLength());
                    System.arraycopy(in, 0, buf, off, n);
                    return n;
                }
            }
        }

        @Override
        public void send(byte[] buf, int off, int len) throws IOException {
            socket.send(new DatagramPacket(buf, off, len, server));
        }

        @Override
        public void close() {
        }
    }

    /** The browser's side of DTLS-SRTP: client, 1.2, ECDSA certificate, use_srtp. */
    private final class Client extends DefaultTlsClient {
        private final String expectedServerFingerprint;
        private final SrtpProfile[] offered;
        private SrtpProfile selected;
        SrtpKeyingMaterial keys;

        Client(String expectedServerFingerprint, SrtpProfile[] offered) {
            super(crypto);
            this.expectedServerFingerprint = expectedServerFingerprint;
            this.offered = offered;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return new int[] {CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
        }

        @Override
        public Hashtable getClientExtensions() throws IOException {
            Hashtable ext = super.getClientExtensions();
            int[] ids = new int[offered.length];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = offered[i].protectionProfileId();
            }
            TlsSRTPUtils.addUseSRTPExtension(ext, new UseSRTPData(ids, TlsUtils.EMPTY_BYTES));
            return ext;
        }

        @Override
        public void processServerExtensions(Hashtable serverExtensions) throws IOException {
            super.processServerExtensions(serverExtensions);
            UseSRTPData data = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
            selected = SrtpProfile.ofProtectionProfileId(data.getProtectionProfiles()[0]).orElseThrow();
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                    byte[] der = serverCertificate.getCertificate().getCertificateAt(0).getEncoded();
                    String actual;
                    try {
                        actual = HexFormat.ofDelimiter(":").withUpperCase()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(der));
                    } catch (java.security.NoSuchAlgorithmException e) {
                        throw new IOException(e);
                    }
                    if (!actual.equals(expectedServerFingerprint)) {
                        throw new TlsFatalAlert(AlertDescription.bad_certificate);
                    }
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                    Certificate chain = new Certificate(new TlsCertificate[] {crypto.createCertificate(certificateDer)});
                    return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, privateKey, chain,
                            new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
                }
            };
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            keys = SrtpKeyingMaterial.of(selected,
                    context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, selected.keyingMaterialLength()));
        }
    }
}

package org.canal.peer;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
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
 * A stand-in for a Canal media node in this module's tests: an ICE-lite endpoint (RFC 8445 section
 * 2.5: it answers authenticated binding requests and never sends checks), a DTLS server, and an SRTP
 * echo that sends every RTP packet back re-protected with its own key. It lets the peer's controlling
 * role meet a lite agent here; the real node is tested against the peer in sfu/media.
 */
final class IceLiteEchoServer implements AutoCloseable {
    private final DatagramSocket socket;
    private final String ufrag;
    private final String pwd;
    private final PeerCertificate certificate = PeerCertificate.generate(new BcTlsCrypto(new SecureRandom()));
    private final StunIntegrityChecker integrity;
    private final Thread receiveThread;
    private final CompletableFuture<SrtpProfile> handshake = new CompletableFuture<>();
    private volatile DtlsDatagramTransport dtls;
    private volatile SrtpContext receiving;
    private volatile SrtpContext sending;
    private volatile String remoteFingerprint;
    volatile int bindingRequests;
    volatile int useCandidates;
    volatile int rtpEchoed;
    private volatile boolean closed;

    IceLiteEchoServer() throws IOException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        SecureRandom random = new SecureRandom();
        ufrag = HexFormat.of().formatHex(random.generateSeed(4));
        pwd = HexFormat.of().formatHex(random.generateSeed(16));
        integrity = StunIntegrityChecker.shortTerm(pwd);
        receiveThread = new Thread(this::receive, "ice-lite-echo");
        receiveThread.setDaemon(true);
    }

    /** Starts answering; the client's fingerprint is checked as a node checks its RemoteTransport's. */
    void start(String clientFingerprint) {
        remoteFingerprint = clientFingerprint;
        receiveThread.start();
    }

    String ufrag() {
        return ufrag;
    }

    String pwd() {
        return pwd;
    }

    String fingerprint() {
        return certificate.fingerprint();
    }

    List<InetSocketAddress> candidates() {
        return List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort()));
    }

    CompletableFuture<SrtpProfile> handshake() {
        return handshake;
    }

    private void receive() {
        byte[] buf = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        StunMessage stun = new StunMessage();
        while (!closed) {
            packet.setData(buf, 0, buf.length);
            try {
                socket.receive(packet);
                int len = packet.getLength();
                InetSocketAddress from = (InetSocketAddress) packet.getSocketAddress();
                switch (PacketKind.of(buf, 0, len)) {
                    case STUN -> answer(stun, buf, len, from);
                    case DTLS -> {
                        DtlsDatagramTransport t = dtls;
                        if (t != null) {
                            t.deliver(buf, 0, len);
                        }
                    }
                    case RTP -> echo(buf, len, from);
                    default -> { }
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    private void answer(StunMessage stun, byte[] buf, int len, InetSocketAddress from) throws IOException {
        byte[] fragment = ufrag.getBytes(StandardCharsets.US_ASCII);
        if (stun.wrap(buf, 0, len) != null || !stun.isBinding() || stun.messageClass() != StunMessageClass.REQUEST
                || !stun.usernameBeforeColonEquals(fragment, 0, fragment.length) || integrity.check(stun) != null) {
            return; // a lite agent ignores what it cannot authenticate
        }
        bindingRequests++;
        if (stun.hasUseCandidate()) {
            useCandidates++;
        }
        if (dtls == null) {
            // The DTLS peer is the address of the first authenticated check (../shared/stack.md).
            DtlsDatagramTransport t = new DtlsDatagramTransport(socket, from);
            dtls = t;
            Thread server = new Thread(() -> acceptDtls(t), "ice-lite-echo-dtls");
            server.setDaemon(true);
            server.start();
        }
        byte[] id = new byte[StunMessage.TRANSACTION_ID_LENGTH];
        stun.copyTransactionId(id, 0);
        StunTransportAddress mapped = new StunTransportAddress();
        byte[] address = from.getAddress().getAddress();
        mapped.set(address, 0, address.length, from.getPort());
        byte[] out = new byte[256];
        int n = new StunMessageWriter().start(out, 0, out.length, StunMessageClass.SUCCESS_RESPONSE,
                StunMessage.METHOD_BINDING, id, 0).xorMappedAddress(mapped).messageIntegrity(integrity)
                .fingerprint().finish();
        socket.send(new DatagramPacket(out, 0, n, from));
    }

    private void acceptDtls(DtlsDatagramTransport transport) {
        DtlsSrtpOutcome outcome = new DtlsSrtpOutcome(List.of(SrtpProfile.AEAD_AES_128_GCM,
                SrtpProfile.AES_CM_128_HMAC_SHA1_80), remoteFingerprint, this::installKeys);
        try {
            new DTLSServerProtocol().accept(new DtlsSrtpServer(certificate, outcome, 10_000), transport);
            handshake.complete(outcome.profile());
        } catch (IOException e) {
            handshake.completeExceptionally(e);
        }
    }

    private void installKeys(SrtpKeyingMaterial material) {
        sending = material.sendingContext(false, 16);
        receiving = material.receivingContext(false, 16);
    }

    private void echo(byte[] buf, int len, InetSocketAddress from) throws IOException {
        SrtpContext in = receiving;
        if (in == null) {
            return;
        }
        int n = in.unprotectRtp(buf, 0, len);
        if (n < 0) {
            return;
        }
        n = sending.protectRtp(buf, 0, n);
        socket.send(new DatagramPacket(buf, 0, n, from));
        rtpEchoed++;
    }

    @Override
    public void close() {
        closed = true;
        socket.close();
    }
}

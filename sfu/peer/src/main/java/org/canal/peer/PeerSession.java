package org.canal.peer;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;

import org.bouncycastle.tls.DTLSTransport;
import org.canal.protocol.srtp.SrtpContext;
import org.canal.protocol.srtp.SrtpKeyingMaterial;
import org.canal.protocol.srtp.SrtpMalformation;
import org.canal.protocol.srtp.SrtpProfile;

/**
 * A connected peer: ICE selected a pair, DTLS-SRTP completed, and SRTP flows both ways over the
 * selected pair. Sending protects a copy of the caller's packet with this side's write key (RFC 5764
 * section 4.2: the DTLS client's key if this peer is the client) and sends it; a receive thread
 * unprotects what arrives with the remote's key and hands it to the {@link MediaListener}.
 *
 * <p>Sending is safe from any thread (one lock: the sending SRTP context is not thread-safe; this
 * is a test and load client, not Canal's packet path). Counters may be read from any thread.
 */
public final class PeerSession implements AutoCloseable {
    /** SSRCs a context tracks: a subscriber of a large call receives many publishers on one transport. */
    static final int MAX_SRTP_STREAMS = 1024;
    /** Largest RTP or RTCP packet {@link #sendRtp} and {@link #sendRtcp} take. */
    public static final int MAX_PACKET = SessionReceiver.BUFFER_SIZE - 64;

    private final DatagramSocket socket;
    private final InetSocketAddress remote;
    private final boolean dtlsClient;
    private final DtlsDatagramTransport dtlsDatagrams;
    private final SessionReceiver receiver;
    private final Thread receiveThread;

    private final Object sendLock = new Object();
    private final byte[] sendBuf = new byte[SessionReceiver.BUFFER_SIZE];
    private final DatagramPacket sendPacket;
    private volatile SrtpContext sending;
    private volatile SrtpProfile profile;
    private volatile long sendRefused;

    private volatile DTLSTransport dtls;
    private volatile Duration iceDuration;
    private volatile Duration dtlsDuration;
    private volatile boolean closed;

    PeerSession(DatagramSocket socket, InetSocketAddress remote, boolean dtlsClient, MediaListener listener,
            String name) {
        this.socket = socket;
        this.remote = remote;
        this.dtlsClient = dtlsClient;
        this.dtlsDatagrams = new DtlsDatagramTransport(socket, remote);
        this.receiver = new SessionReceiver(socket, dtlsDatagrams, listener);
        this.sendPacket = new DatagramPacket(sendBuf, 0, remote);
        this.receiveThread = new Thread(receiver, name + "-receive");
        this.receiveThread.setDaemon(true);
    }

    void startReceiving() {
        receiveThread.start();
    }

    DtlsDatagramTransport dtlsDatagrams() {
        return dtlsDatagrams;
    }

    /** Called from inside the handshake (notifyHandshakeComplete), before the remote's first SRTP may arrive. */
    void installKeys(SrtpKeyingMaterial material) {
        sending = material.sendingContext(dtlsClient, MAX_SRTP_STREAMS);
        receiver.keys(material.receivingContext(dtlsClient, MAX_SRTP_STREAMS));
        profile = material.profile();
    }

    void established(DTLSTransport transport, Duration ice, Duration handshake) {
        this.dtls = transport;
        this.iceDuration = ice;
        this.dtlsDuration = handshake;
    }

    /**
     * Keeps reading DTLS after the handshake, on the handshake thread, so BouncyCastle answers a
     * retransmitted final flight (our Finished was lost) and notices the remote's close_notify.
     */
    void serviceDtlsUntilClosed() {
        DTLSTransport transport = dtls;
        byte[] buf = new byte[DtlsDatagramTransport.RECEIVE_LIMIT];
        while (!closed) {
            try {
                transport.receive(buf, 0, buf.length, SessionReceiver.POLL_MILLIS * 5);
            } catch (IOException e) {
                return; // closed here or by the remote (close_notify, fatal alert)
            }
        }
    }

    /** The SRTP protection profile DTLS-SRTP negotiated. */
    public SrtpProfile profile() {
        return profile;
    }

    /** The remote end of the pair ICE selected (for assertions in tests; never log it). */
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    /** From the start of connectivity checks to ICE completed (a pair nominated). */
    public Duration iceDuration() {
        return iceDuration;
    }

    /** From ICE completed to the DTLS handshake completed and SRTP keys installed. */
    public Duration dtlsDuration() {
        return dtlsDuration;
    }

    /**
     * Protects a copy of the RTP packet {@code buf[off, off+len)} and sends it to the remote.
     *
     * @return the SRTP datagram's length, or a negative {@link SrtpMalformation#asResult()} if SRTP
     *         refused the packet (nothing is sent then)
     * @throws IOException if the socket fails or the session is closed
     */
    public int sendRtp(byte[] buf, int off, int len) throws IOException {
        return send(buf, off, len, false);
    }

    /** As {@link #sendRtp}, for an RTCP compound packet protected as SRTCP. */
    public int sendRtcp(byte[] buf, int off, int len) throws IOException {
        return send(buf, off, len, true);
    }

    private int send(byte[] buf, int off, int len, boolean rtcp) throws IOException {
        if (closed) {
            throw new IOException("the peer session is closed");
        }
        if (len < 0 || len > MAX_PACKET || off < 0 || off > buf.length - len) {
            sendRefused++;
            return (len > MAX_PACKET ? SrtpMalformation.TOO_LONG : SrtpMalformation.INVALID_RANGE).asResult();
        }
        synchronized (sendLock) {
            System.arraycopy(buf, off, sendBuf, 0, len);
            SrtpContext context = sending;
            int n = rtcp ? context.protectRtcp(sendBuf, 0, len) : context.protectRtp(sendBuf, 0, len);
            if (n < 0) {
                sendRefused++;
                return n;
            }
            sendPacket.setData(sendBuf, 0, n);
            socket.send(sendPacket);
            return n;
        }
    }

    /** RTP packets received, authenticated and decrypted. */
    public long rtpReceived() {
        return receiver.rtpReceived();
    }

    /** RTCP compound packets received, authenticated and decrypted. */
    public long rtcpReceived() {
        return receiver.rtcpReceived();
    }

    /** SRTP and SRTCP packets the receiving context refused, for any reason. */
    public long refused() {
        return receiver.refused();
    }

    /** SRTP and SRTCP packets refused for {@code reason}. */
    public long refused(SrtpMalformation reason) {
        return receiver.refused(reason);
    }

    /** Packets this side refused to protect (bad range, too long, SRTP refusal). */
    public long sendRefused() {
        return sendRefused;
    }

    /** DTLS datagrams received, handshake included. */
    public long dtlsReceived() {
        return receiver.dtlsReceived();
    }

    /** Datagrams that were neither DTLS nor RTP/RTCP (RFC 7983), dropped. */
    public long otherDropped() {
        return receiver.otherDropped();
    }

    /** SRTP packets dropped because too many arrived before the keys. */
    public long earlyDropped() {
        return receiver.earlyDropped();
    }

    /** Packets whose listener threw. */
    public long listenerFailures() {
        return receiver.listenerFailures();
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Sends DTLS close_notify, stops the receive thread and the DTLS reader. The ICE agent and its
     * socket belong to the {@link Peer}; {@link Peer#close()} closes this session and them.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        DTLSTransport transport = dtls;
        if (transport != null) {
            try {
                transport.close(); // close_notify (RFC 5246 section 7.2.1), then closes dtlsDatagrams
            } catch (IOException e) {
                // the remote is gone already: nothing more to tell it
            }
        }
        dtlsDatagrams.close();
        receiver.stop();
    }
}

package org.canal.peer;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

import org.canal.protocol.demux.PacketKind;
import org.canal.protocol.srtp.SrtpContext;
import org.canal.protocol.srtp.SrtpMalformation;

/**
 * The receive loop of one {@link PeerSession}, on its own thread: reads every datagram of the ICE
 * component socket, classifies it (RFC 7983, {@link PacketKind}), queues DTLS for the handshake
 * thread, and unprotects SRTP/SRTCP with the receiving context before handing it to the listener.
 *
 * <p>SRTP that arrives before the keys exist (the remote may send as soon as its side of the
 * handshake ended, before ours did) is kept, up to {@link #EARLY_LIMIT} packets, and unprotected
 * once the keys are installed. Counters have one writer, this thread; others read them.
 */
final class SessionReceiver implements Runnable {
    /** Bigger than any datagram a WebRTC peer sends; jumbo loopback datagrams are truncated and refused. */
    static final int BUFFER_SIZE = 8192;
    static final int EARLY_LIMIT = 256;
    /** How often the loop looks for keys or a close when nothing arrives. */
    static final int POLL_MILLIS = 100;

    private final DatagramSocket socket;
    private final DtlsDatagramTransport dtls;
    private final MediaListener listener;
    private final byte[] buf = new byte[BUFFER_SIZE];
    private final ArrayDeque<byte[]> early = new ArrayDeque<>();
    private final AtomicLongArray refusals = new AtomicLongArray(SrtpMalformation.values().length);
    private volatile SrtpContext receiving;
    private volatile boolean running = true;

    private volatile long rtpReceived;
    private volatile long rtcpReceived;
    private volatile long refused;
    private volatile long dtlsReceived;
    private volatile long otherDropped;
    private volatile long earlyDropped;
    private volatile long listenerFailures;

    SessionReceiver(DatagramSocket socket, DtlsDatagramTransport dtls, MediaListener listener) {
        this.socket = socket;
        this.dtls = dtls;
        this.listener = listener;
    }

    /** Installs the context that unprotects what the remote sends (handshake thread, once). */
    void keys(SrtpContext receivingContext) {
        this.receiving = receivingContext;
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        try {
            socket.setSoTimeout(POLL_MILLIS);
        } catch (IOException e) {
            return; // closed before we started
        }
        while (running) {
            packet.setData(buf, 0, buf.length);
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                replayEarly();
                continue;
            } catch (IOException e) {
                return; // the socket was closed: the session or the peer is closing
            }
            replayEarly();
            handle(packet.getLength());
        }
    }

    private void handle(int len) {
        switch (PacketKind.of(buf, 0, len)) {
            case DTLS -> {
                dtlsReceived++;
                dtls.deliver(buf, 0, len);
            }
            case RTP -> unprotect(buf, 0, len, false);
            case RTCP -> unprotect(buf, 0, len, true);
            default -> otherDropped++; // STUN stays inside ice4j; ZRTP, TURN and junk have no use here
        }
    }

    private void unprotect(byte[] packet, int off, int len, boolean rtcp) {
        SrtpContext context = receiving;
        if (context == null) {
            if (early.size() < EARLY_LIMIT) {
                early.add(Arrays.copyOfRange(packet, off, off + len));
            } else {
                earlyDropped++;
            }
            return;
        }
        int n = rtcp ? context.unprotectRtcp(packet, off, len) : context.unprotectRtp(packet, off, len);
        if (n < 0) {
            refused++;
            refusals.incrementAndGet(SrtpMalformation.ofResult(n).ordinal());
            return;
        }
        if (rtcp) {
            rtcpReceived++;
        } else {
            rtpReceived++;
        }
        try {
            if (rtcp) {
                listener.onRtcp(packet, off, n);
            } else {
                listener.onRtp(packet, off, n);
            }
        } catch (RuntimeException e) {
            listenerFailures++;
        }
    }

    private void replayEarly() {
        if (early.isEmpty() || receiving == null) {
            return;
        }
        byte[] packet;
        while ((packet = early.poll()) != null) {
            boolean rtcp = PacketKind.of(packet, 0, packet.length) == PacketKind.RTCP;
            unprotect(packet, 0, packet.length, rtcp);
        }
    }

    long rtpReceived() {
        return rtpReceived;
    }

    long rtcpReceived() {
        return rtcpReceived;
    }

    long refused() {
        return refused;
    }

    long refused(SrtpMalformation reason) {
        return refusals.get(reason.ordinal());
    }

    long dtlsReceived() {
        return dtlsReceived;
    }

    long otherDropped() {
        return otherDropped;
    }

    long earlyDropped() {
        return earlyDropped;
    }

    long listenerFailures() {
        return listenerFailures;
    }
}

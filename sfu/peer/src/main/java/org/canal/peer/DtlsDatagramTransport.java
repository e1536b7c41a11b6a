package org.canal.peer;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.bouncycastle.tls.DatagramTransport;

/**
 * The datagrams BouncyCastle's DTLS sees: those the session's receiver classified as DTLS (RFC 7983)
 * are queued here and read by the handshake thread; what DTLS sends goes straight to the selected
 * pair's remote address. One socket carries DTLS and SRTP, so the receiver, not DTLS, owns reading.
 */
final class DtlsDatagramTransport implements DatagramTransport {
    /** At least a full Ethernet datagram: Chromium's ClientHello fragments are up to ~1,400 bytes (stack.md). */
    static final int RECEIVE_LIMIT = 1500;
    /** What DTLS fragments its flights to; WebRTC stacks keep DTLS datagrams near 1,200 bytes. */
    static final int SEND_LIMIT = 1200;
    /** Records waiting for the handshake thread; more means it stalled, and DTLS retransmits anyway. */
    private static final int QUEUE = 64;

    private final DatagramSocket socket;
    private final InetSocketAddress remote;
    private final BlockingQueue<byte[]> received = new ArrayBlockingQueue<>(QUEUE);
    private volatile boolean closed;
    private volatile long dropped;

    DtlsDatagramTransport(DatagramSocket socket, InetSocketAddress remote) {
        this.socket = socket;
        this.remote = remote;
    }

    /** Queues a copy of a DTLS datagram (receiver thread); drops it if the queue is full. */
    void deliver(byte[] buf, int off, int len) {
        if (closed || !received.offer(Arrays.copyOfRange(buf, off, off + len))) {
            dropped++; // single writer: the receiver thread
        }
    }

    /** DTLS datagrams dropped because the handshake thread was not reading. */
    long dropped() {
        return dropped;
    }

    @Override
    public int getReceiveLimit() {
        return RECEIVE_LIMIT;
    }

    @Override
    public int getSendLimit() {
        return SEND_LIMIT;
    }

    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        if (closed) {
            throw new SocketException("the peer session is closed");
        }
        byte[] datagram;
        try {
            datagram = received.poll(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SocketException("interrupted while waiting for DTLS");
        }
        if (datagram == null) {
            return -1; // BouncyCastle's "nothing within waitMillis": it retransmits or times out
        }
        int n = Math.min(datagram.length, len);
        System.arraycopy(datagram, 0, buf, off, n);
        return n;
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (closed) {
            throw new SocketException("the peer session is closed");
        }
        socket.send(new DatagramPacket(buf, off, len, remote));
    }

    @Override
    public void close() {
        closed = true;
        received.clear();
    }
}

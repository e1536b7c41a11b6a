package org.canal.media.dtls;

import java.io.IOException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.bouncycastle.tls.DatagramTransport;

/**
 * The bridge between a media loop and a blocking BouncyCastle handshake: the loop {@link #offer}s DTLS
 * datagrams (copied, since the loop's receive buffer is reused), the worker thread {@link #receive}s
 * them; what the worker sends goes to a {@link Sender} that hops back onto the loop.
 *
 * <p>Lock-free on the loop's side (a concurrent queue and an unpark), bounded to {@link #CAPACITY}
 * datagrams so a flood cannot grow memory. The copy is the one allocation Canal makes per received
 * datagram, and only for the handful of handshake datagrams of a transport, never for media.
 */
final class DatagramHandoff implements DatagramTransport {
    /** Datagrams waiting for the worker: a Chromium ClientHello is two, a flight a few more. */
    static final int CAPACITY = 32;
    /** At least 1,500: Chromium's first ClientHello fragment is ~1,200 bytes and must not be cut. */
    static final int RECEIVE_LIMIT = 2_048;
    /** Flights are fragmented to fit: below a typical path MTU with IP/UDP headers. */
    static final int SEND_LIMIT = 1_200;

    /** Sends one DTLS datagram to the peer's selected address; called from the worker thread. */
    interface Sender {
        void send(byte[] datagram);
    }

    private final ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final Sender sender;
    private volatile Thread waiter;
    private volatile boolean closed;

    DatagramHandoff(Sender sender) {
        this.sender = sender;
    }

    /** From the loop: queues a copy; false (the caller counts a drop) when full or closed. */
    boolean offer(byte[] buf, int off, int len) {
        if (closed || len > RECEIVE_LIMIT || size.get() >= CAPACITY) {
            return false;
        }
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        size.incrementAndGet();
        queue.offer(copy);
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
        return true;
    }

    boolean isEmpty() {
        return size.get() == 0;
    }

    boolean closed() {
        return closed;
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
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        waiter = Thread.currentThread();
        try {
            while (true) {
                byte[] d = queue.poll();
                if (d != null) {
                    size.decrementAndGet();
                    int n = Math.min(len, d.length);
                    System.arraycopy(d, 0, buf, off, n);
                    return n;
                }
                if (closed) {
                    throw new IOException("transport closed during the DTLS handshake");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return -1;
                }
                LockSupport.parkNanos(this, left);
            }
        } finally {
            waiter = null;
        }
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("transport closed during the DTLS handshake");
        }
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        sender.send(copy);
    }

    @Override
    public void close() {
        closed = true;
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }
}

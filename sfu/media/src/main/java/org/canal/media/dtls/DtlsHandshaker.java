package org.canal.media.dtls;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.canal.protocol.srtp.SrtpKeyingMaterial;

/**
 * Runs DTLS server handshakes on a small bounded pool of worker threads, never on a media loop:
 * BouncyCastle's {@code DTLSServerProtocol.accept} blocks until the handshake ends.
 *
 * <p>No {@code DTLSVerifier} (stateless cookie exchange): it cannot take Chromium's fragmented
 * ClientHello, and the ICE check's MESSAGE-INTEGRITY has already proven the peer's address.
 */
public final class DtlsHandshaker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DtlsHandshaker.class.getName());
    private static final int QUEUED_HANDSHAKES = 256;

    private final NodeCertificate certificate;
    private final int handshakeTimeoutMillis;
    private final ThreadPoolExecutor workers;
    private final BcTlsCrypto crypto = new BcTlsCrypto(new SecureRandom());

    public DtlsHandshaker(NodeCertificate certificate, int threads, int handshakeTimeoutMillis) {
        this.certificate = certificate;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUED_HANDSHAKES), r -> {
                    Thread t = new Thread(r, "canal-dtls-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.workers.allowCoreThreadTimeOut(true);
    }

    public NodeCertificate certificate() {
        return certificate;
    }

    /** What a handshake tells its transport, from a worker thread: hop onto the loop before touching state. */
    public interface Callbacks {
        /** A DTLS datagram to send to the peer's selected address. */
        void send(byte[] datagram);

        /** The SRTP keys, from inside notifyHandshakeComplete, before the handshake returns. */
        void onKeys(SrtpKeyingMaterial keys);

        /** The handshake failed; {@code badCertificate} when the client's certificate did not match. */
        void onFailed(boolean badCertificate, String why);

        /** After the handshake, the peer closed the association with close_notify. */
        void onPeerClosed();
    }

    /** A new, not yet started session: datagrams may be queued before the remote fingerprint is known. */
    public Session newSession(Callbacks callbacks) {
        return new Session(callbacks);
    }

    /** One association's handshake. Created and driven from the transport's loop. */
    public final class Session {
        private final Callbacks callbacks;
        private final DatagramHandoff handoff;
        private final AtomicBoolean draining = new AtomicBoolean();
        private volatile DTLSTransport established;
        private boolean started;

        private Session(Callbacks callbacks) {
            this.callbacks = callbacks;
            this.handoff = new DatagramHandoff(callbacks::send);
        }

        /**
         * Queues a received DTLS datagram for the handshake, or after it for a short drain task that lets
         * BouncyCastle answer a retransmitted client Finished (our last flight was lost) and notice
         * close_notify. False when the queue is full or the association is closed.
         */
        public boolean offer(byte[] buf, int off, int len) {
            if (!handoff.offer(buf, off, len)) {
                return false;
            }
            if (established != null && draining.compareAndSet(false, true)) {
                submitDrain();
            }
            return true;
        }

        private void submitDrain() {
            try {
                workers.execute(this::drain);
            } catch (RejectedExecutionException e) {
                draining.set(false); // shutting down, or saturated: the next datagram tries again
            }
        }

        /** Feeds queued post-handshake records to BouncyCastle without waiting for more. */
        private void drain() {
            byte[] buf = new byte[DatagramHandoff.RECEIVE_LIMIT];
            try {
                while (!handoff.isEmpty()) {
                    // Application data would be SCTP (data channels), which Canal does not offer: ignored.
                    established.receive(buf, 0, buf.length, 1);
                }
            } catch (IOException | RuntimeException e) {
                if (!handoff.closed()) { // not after close_notify or a local close: that was told already
                    handoff.close();
                    callbacks.onFailed(false, String.valueOf(e.getMessage()));
                }
            } finally {
                draining.set(false);
                if (!handoff.isEmpty() && !handoff.closed() && draining.compareAndSet(false, true)) {
                    submitDrain();
                }
            }
        }

        public boolean started() {
            return started;
        }

        /** Starts the handshake on a worker; the client's certificate must hash to {@code expectedFingerprint}. */
        public void start(byte[] expectedFingerprint) {
            if (started) {
                return;
            }
            started = true;
            DtlsSrtpServer server = new DtlsSrtpServer(crypto, certificate, expectedFingerprint, handshakeTimeoutMillis,
                    new DtlsSrtpServer.Listener() {
                        @Override
                        public void onKeys(SrtpKeyingMaterial keys) {
                            callbacks.onKeys(keys);
                        }

                        @Override
                        public void onPeerClosed() {
                            handoff.close();
                            callbacks.onPeerClosed();
                        }
                    });
            try {
                workers.execute(() -> run(server));
            } catch (RejectedExecutionException e) {
                callbacks.onFailed(false, "too many DTLS handshakes waiting");
            }
        }

        private void run(DtlsSrtpServer server) {
            try {
                established = new DTLSServerProtocol().accept(server, handoff);
                if (!handoff.isEmpty() && draining.compareAndSet(false, true)) {
                    submitDrain();
                }
            } catch (TlsFatalAlert alert) {
                LOG.log(System.Logger.Level.DEBUG, "DTLS handshake refused: {0}", alert.getMessage());
                handoff.close();
                callbacks.onFailed(server.fingerprintMismatch()
                        || alert.getAlertDescription() == AlertDescription.bad_certificate, alert.getMessage());
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "DTLS handshake failed: {0}", e.toString());
                handoff.close();
                callbacks.onFailed(server.fingerprintMismatch(), String.valueOf(e.getMessage()));
            }
        }

        /** Aborts a running handshake (its worker wakes up and fails) or stops queueing. */
        public void close() {
            handoff.close();
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(2, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "DTLS workers did not stop within 2 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

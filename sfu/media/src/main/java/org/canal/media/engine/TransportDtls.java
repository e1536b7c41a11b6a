package org.canal.media.engine;

import java.net.InetSocketAddress;
import java.util.Arrays;
import org.canal.media.dtls.DtlsHandshaker;
import org.canal.media.ice.IceLiteAgent;
import org.canal.protocol.srtp.SrtpKeyingMaterial;

/**
 * The DTLS hand-off of one transport (RFC 5763, RFC 5764): its handshake session on the worker pool,
 * the browser's fingerprint, and whether a DTLS datagram has arrived. The loop offers it datagrams;
 * the worker's flights, keys and failures come back onto the loop through {@link MediaLoop#execute}.
 * Everything but the constructor runs on the loop thread.
 */
final class TransportDtls {
    private final Transport transport;
    private final MediaLoop loop;
    private final IceLiteAgent ice;
    private final DtlsHandshaker.Session session;
    private byte[] remoteFingerprint;
    private boolean dtlsArrived;

    TransportDtls(Transport transport, DtlsHandshaker handshaker) {
        this.transport = transport;
        this.loop = transport.loop;
        this.ice = transport.ice;
        this.session = handshaker.newSession(new DtlsHandshaker.Callbacks() {
            @Override
            public void send(byte[] datagram) {
                loop.execute(() -> sendDtls(datagram));
            }

            @Override
            public void onKeys(SrtpKeyingMaterial keys) {
                loop.execute(() -> transport.installKeys(keys));
            }

            @Override
            public void onFailed(boolean badCertificate, String why) {
                loop.execute(() -> transport.close("DTLS_FAILED"));
            }

            @Override
            public void onPeerClosed() {
                loop.execute(() -> transport.close("DTLS_CLOSED"));
            }
        });
    }

    void onDtls(byte[] buf, int len, InetSocketAddress from, long now) {
        if (transport.state == Transport.State.CLOSED || !session.offer(buf, 0, len)) {
            transport.drops.count(DropReason.DTLS_NOT_ACCEPTED);
            return;
        }
        // The browser sends its ClientHello on the pair it chose, maybe before nominating it.
        ice.preferUntilNominated(from, now);
        dtlsArrived = true;
        maybeStartDtls();
    }

    /**
     * The handshake takes a worker once the peer's address (first authenticated check), its fingerprint
     * and its first DTLS datagram are all here, so a peer that never sends a ClientHello holds no thread.
     */
    void maybeStartDtls() {
        if (!session.started() && dtlsArrived && remoteFingerprint != null && ice.selectedAddress() != null
                && transport.state != Transport.State.CLOSED) {
            session.start(remoteFingerprint);
        }
    }

    private void sendDtls(byte[] datagram) {
        InetSocketAddress to = ice.selectedAddress();
        if (transport.state != Transport.State.CLOSED && to != null) {
            loop.sendNow(datagram, 0, datagram.length, to);
        }
    }

    /** The browser's fingerprint from {@code ConnectTransport}: the first one stays; the handshake may start now. */
    void connect(byte[] fingerprint) {
        if (remoteFingerprint == null) {
            remoteFingerprint = fingerprint.clone();
        }
        maybeStartDtls();
    }

    boolean fingerprintConflicts(byte[] fingerprint) {
        return remoteFingerprint != null && !Arrays.equals(remoteFingerprint, fingerprint);
    }

    void close() {
        session.close();
    }
}

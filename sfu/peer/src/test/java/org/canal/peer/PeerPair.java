package org.canal.peer;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Two peers set up to connect to each other as a browser and an SFU would: {@code offerer} ICE
 * controlling and DTLS client, {@code answerer} ICE controlled and DTLS server. Closes both.
 */
final class PeerPair implements AutoCloseable {
    final Peer offerer;
    final Peer answerer;
    final ReceivedPackets offererReceived = new ReceivedPackets();
    final ReceivedPackets answererReceived = new ReceivedPackets();

    PeerPair(PeerOptions offererOptions, PeerOptions answererOptions) throws IOException {
        this.offerer = Peer.create(offererOptions);
        this.answerer = Peer.create(answererOptions);
    }

    static PeerOptions.Builder answererOptions() {
        return PeerOptions.builder().iceRole(IceRole.CONTROLLED).dtlsRole(DtlsRole.SERVER);
    }

    CompletableFuture<PeerSession> connectOfferer(String answererPwd, String answererFingerprint) {
        return offerer.connect(answerer.iceUfrag(), answererPwd, answererFingerprint,
                List.of(answerer.hostCandidate()), offererReceived);
    }

    CompletableFuture<PeerSession> connectAnswerer() {
        return answerer.connect(offerer.iceUfrag(), offerer.icePwd(), offerer.fingerprint(),
                List.of(offerer.hostCandidate()), answererReceived);
    }

    @Override
    public void close() {
        offerer.close();
        answerer.close();
    }
}

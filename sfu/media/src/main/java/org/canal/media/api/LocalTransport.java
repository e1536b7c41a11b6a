package org.canal.media.api;

import java.util.List;

/**
 * Canal's end of a transport, for signaling to put in SDP: ICE-lite credentials, the SHA-256
 * fingerprint of the node's DTLS certificate (upper-case hex pairs joined by ':', as RFC 8122 writes
 * it), and the host candidates.
 */
public record LocalTransport(String transportId, String iceUfrag, String icePwd, String fingerprintAlgorithm,
        String fingerprint, List<IceCandidate> candidates) {
    public LocalTransport {
        candidates = List.copyOf(candidates);
    }
}

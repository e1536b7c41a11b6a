package org.canal.peer;

/** Why {@link Peer#connect} failed. */
public enum PeerFailure {
    /** The ICE agent gave up: every candidate pair failed (e.g. a wrong remote password). */
    ICE_FAILED,
    /** ICE did not complete within {@link PeerOptions#iceTimeout()}. */
    ICE_TIMEOUT,
    /** The remote DTLS certificate's SHA-256 fingerprint is not the one signaled (RFC 8122 section 5). */
    FINGERPRINT_MISMATCH,
    /** No SRTP profile offered by one side is accepted by the other (RFC 5764 section 4.1.1). */
    NO_COMMON_SRTP_PROFILE,
    /** The DTLS handshake failed otherwise: an alert, a timeout, a closed peer. */
    DTLS_FAILED,
    /** The peer was closed before the connection was established. */
    CLOSED
}

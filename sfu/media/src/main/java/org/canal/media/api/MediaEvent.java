package org.canal.media.api;

/** What the media engine tells the rest of the node, published on {@link MediaAddresses#events}. */
public sealed interface MediaEvent {
    String transportId();

    /** ICE and DTLS completed; SRTP runs with {@code srtpProfile}. */
    record TransportConnected(String transportId, String callId, String sessionId, String srtpProfile)
            implements MediaEvent {}

    /**
     * The transport closed: by command, consent expiry (RFC 7675), DTLS failure or a bad
     * fingerprint. {@code reason} is a short code such as CONSENT_EXPIRED, DTLS_FAILED, CLOSED.
     */
    record TransportClosed(String transportId, String callId, String sessionId, String reason) implements MediaEvent {}
}

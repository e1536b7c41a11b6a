package org.canal.signaling.sdp;

/** SDP that Canal cannot negotiate with: the reason goes back to the client in a BAD_SDP error. */
public final class SdpNegotiationException extends Exception {
    public SdpNegotiationException(String message) {
        super(message, null, false, false);
    }
}

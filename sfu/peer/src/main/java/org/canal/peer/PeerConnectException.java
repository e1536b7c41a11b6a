package org.canal.peer;

import java.io.IOException;

/** {@link Peer#connect} failed; {@link #failure()} says at which step and why. */
public final class PeerConnectException extends IOException {
    private final PeerFailure failure;

    public PeerConnectException(PeerFailure failure, String message) {
        this(failure, message, null);
    }

    public PeerConnectException(PeerFailure failure, String message, Throwable cause) {
        super(failure + ": " + message, cause);
        this.failure = failure;
    }

    public PeerFailure failure() {
        return failure;
    }
}

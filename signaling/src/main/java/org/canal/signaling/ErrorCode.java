package org.canal.signaling;

/** The {@code code} of an {@code error} message (docs/signaling.md, "Error codes"). */
public enum ErrorCode {
    BAD_MESSAGE(false),
    UNSUPPORTED_VERSION(true),
    UNAUTHORIZED(true),
    NOT_JOINED(false),
    ALREADY_JOINED(false),
    UNKNOWN_SESSION(true),
    BAD_SDP(false),
    STALE_REVISION(false),
    INTERNAL(false);

    private final boolean closesSocket;

    ErrorCode(boolean closesSocket) {
        this.closesSocket = closesSocket;
    }

    /** Whether the node closes the socket after sending this error. */
    public boolean closesSocket() {
        return closesSocket;
    }
}

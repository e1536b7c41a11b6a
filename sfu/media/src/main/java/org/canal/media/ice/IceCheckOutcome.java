package org.canal.media.ice;

/**
 * What an ICE-lite agent made of one binding request, and so what the transport answers: a success
 * response, an error response (RFC 8489 section 9.1.3), or nothing at all.
 */
public enum IceCheckOutcome {
    /** Authenticated from a valid address that is not (or not yet) the selected one: answer success. */
    ACCEPTED(0),
    /** Authenticated, and the sender's address is now the selected one (first check, nomination, or a switch). */
    ACCEPTED_SELECTED(0),
    /** USERNAME or MESSAGE-INTEGRITY missing: answer 400 Bad Request. */
    REFUSED_MISSING_CREDENTIALS(400),
    /** USERNAME is not {@code localUfrag:remoteUfrag}: answer 401 Unauthorized. */
    REFUSED_WRONG_USERNAME(401),
    /** MESSAGE-INTEGRITY does not match the local password: answer 401 Unauthorized. */
    REFUSED_WRONG_INTEGRITY(401),
    /** No FINGERPRINT: ICE checks always carry one (RFC 8445 section 7.2.2); not answered. */
    DROPPED_NO_FINGERPRINT(0),
    /** FINGERPRINT does not match: these bytes are not STUN (RFC 8489 section 7); not answered. */
    DROPPED_BAD_FINGERPRINT(0);

    private final int errorCode;

    IceCheckOutcome(int errorCode) {
        this.errorCode = errorCode;
    }

    public boolean accepted() {
        return this == ACCEPTED || this == ACCEPTED_SELECTED;
    }

    /** The STUN error code to answer with, or 0 for a success response or no answer. */
    public int errorCode() {
        return errorCode;
    }
}

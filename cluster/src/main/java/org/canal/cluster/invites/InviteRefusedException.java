package org.canal.cluster.invites;

/** A redemption (or revocation) refused for a {@link InviteRefusal reason}; carries no secret. */
public final class InviteRefusedException extends RuntimeException {
    private final InviteRefusal reason;

    public InviteRefusedException(InviteRefusal reason) {
        // An expected outcome, not a fault: no stack trace to fill.
        super(reason.name(), null, false, false);
        this.reason = reason;
    }

    public InviteRefusal reason() {
        return reason;
    }
}

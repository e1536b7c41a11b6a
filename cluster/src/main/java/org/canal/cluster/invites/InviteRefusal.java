package org.canal.cluster.invites;

/** Why an invite was not honoured; the names are the error codes the HTTP API and the page use. */
public enum InviteRefusal {
    /** No invite has this secret (never created, mistyped, or removed long after it expired). */
    INVITE_UNKNOWN,
    /** A moderator revoked it. */
    INVITE_REVOKED,
    /** Its expiry has passed. */
    INVITE_EXPIRED,
    /** It has been redeemed as many times as it allows. */
    INVITE_USED_UP
}

package org.canal.cluster.invites;

/**
 * A new invite and its secret. The secret exists only here, once: the store keeps its hash. Whoever
 * gets this passes the secret on (in a link) and forgets it.
 *
 * @param secret  256 random bits, unpadded base64url (43 characters)
 * @param invite  what was stored
 */
public record CreatedInvite(String secret, InviteSummary invite) {
    @Override
    public String toString() {
        return "CreatedInvite[secret=(hidden), invite=" + invite + "]";
    }
}

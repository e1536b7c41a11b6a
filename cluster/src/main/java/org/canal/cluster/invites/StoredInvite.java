package org.canal.cluster.invites;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;

/**
 * An invite as the map holds it, under the hash of its secret. Holds no secret and is never handed out
 * as is: {@link InviteSummary} is what callers see.
 *
 * @param id        public id (for listing and revoking)
 * @param server    the server the invite is for (opaque id)
 * @param channel   the channel the invite is for (opaque id)
 * @param grants    sorted grant names ({@link Grants})
 * @param createdBy opaque id of who created it
 * @param createdAt epoch milliseconds
 * @param expiresAt epoch milliseconds; refused from this instant on
 * @param maxUses   uses allowed; 0 means unlimited
 * @param uses      uses so far
 * @param revoked   revoked by a moderator
 */
record StoredInvite(String id, String server, String channel, List<String> grants, String createdBy, long createdAt,
                    long expiresAt, int maxUses, int uses, boolean revoked) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    StoredInvite {
        grants = List.copyOf(grants);
    }

    /** Null when the invite may be used at {@code now}, else why not. */
    InviteRefusal refusalAt(long now) {
        if (revoked) {
            return InviteRefusal.INVITE_REVOKED;
        }
        if (now >= expiresAt) {
            return InviteRefusal.INVITE_EXPIRED;
        }
        if (maxUses > 0 && uses >= maxUses) {
            return InviteRefusal.INVITE_USED_UP;
        }
        return null;
    }

    StoredInvite withOneMoreUse() {
        return new StoredInvite(id, server, channel, grants, createdBy, createdAt, expiresAt, maxUses, uses + 1, revoked);
    }

    StoredInvite asRevoked() {
        return new StoredInvite(id, server, channel, grants, createdBy, createdAt, expiresAt, maxUses, uses, true);
    }

    InviteSummary summary() {
        return new InviteSummary(id, server, channel, grants, createdBy, createdAt, expiresAt, maxUses, uses, revoked);
    }
}

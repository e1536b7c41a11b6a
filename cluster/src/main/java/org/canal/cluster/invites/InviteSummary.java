package org.canal.cluster.invites;

import java.util.List;

/**
 * What may be shown about an invite: no secret, no hash.
 *
 * @param id        public id
 * @param server    opaque server id
 * @param channel   opaque channel id
 * @param grants    sorted grant names
 * @param createdBy opaque id of its creator
 * @param createdAt epoch milliseconds
 * @param expiresAt epoch milliseconds
 * @param maxUses   uses allowed; 0 means unlimited
 * @param uses      uses so far
 * @param revoked   revoked by a moderator
 */
public record InviteSummary(String id, String server, String channel, List<String> grants, String createdBy,
                            long createdAt, long expiresAt, int maxUses, int uses, boolean revoked) {
    public InviteSummary {
        grants = List.copyOf(grants);
    }
}

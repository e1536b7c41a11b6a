package org.canal.cluster.invites;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;

/**
 * What one use of an invite admits to: the caller mints a join token from it.
 *
 * @param inviteId the invite's public id (for audit)
 * @param server   opaque server id
 * @param channel  opaque channel id
 * @param grants   sorted grant names
 */
public record RedeemedInvite(String inviteId, String server, String channel, List<String> grants) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    public RedeemedInvite {
        grants = List.copyOf(grants);
    }
}

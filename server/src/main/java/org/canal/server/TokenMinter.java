package org.canal.server;

import java.time.Duration;
import java.util.List;

/** Mints join tokens with a node's secret (docs/signaling.md, "Join tokens"). */
public interface TokenMinter {
    /** A multi-use invite: every join with it gets a fresh participant identity. */
    String invite(String server, String channel, Duration ttl);

    /** A token for one user id. */
    String join(String user, String server, String channel, Duration ttl);

    /**
     * A token for one user id with the grants an invite gives (docs/invites.md). Until signaling's
     * token format carries grants, the token admits with signaling's default rights and the grants are
     * reported beside it; the lead wires them into the claim when both parts are merged.
     */
    default String join(String user, String server, String channel, List<String> grants, Duration ttl) {
        return join(user, server, channel, ttl);
    }
}

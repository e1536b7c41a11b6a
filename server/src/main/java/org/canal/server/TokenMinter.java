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
     * A token for one user id redeemed from an invite: the invite's grants (docs/invites.md) in its
     * {@code grants} claim, and {@code via: "invite"} so that invite-only channels admit it.
     */
    String join(String user, String server, String channel, List<String> grants, Duration ttl);
}

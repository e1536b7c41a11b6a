package org.canal.cluster.invites;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a moderator asks for.
 *
 * @param server    opaque server id
 * @param channel   opaque channel id
 * @param expiresAt the instant from which it is refused
 * @param maxUses   uses allowed; 0 means unlimited
 * @param grants    grant names ({@link Grants}); {@code join} is implied
 * @param createdBy opaque id of the creator (never a name or an address)
 */
public record NewInvite(String server, String channel, Instant expiresAt, int maxUses, List<String> grants,
                        String createdBy) {
    public NewInvite {
        requireId("server", server);
        requireId("channel", channel);
        requireId("createdBy", createdBy);
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (maxUses < 0) {
            throw new IllegalArgumentException("maxUses must be 0 (unlimited) or more, was " + maxUses);
        }
        grants = Grants.normalized(grants);
    }

    private static void requireId(String name, String value) {
        if (value == null || !value.matches("[A-Za-z0-9._~-]{1,64}")) {
            throw new IllegalArgumentException(name + " must be 1-64 characters of A-Z a-z 0-9 . _ ~ -");
        }
    }
}

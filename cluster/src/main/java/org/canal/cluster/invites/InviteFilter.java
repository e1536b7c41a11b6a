package org.canal.cluster.invites;

import com.hazelcast.query.Predicate;
import java.io.Serial;
import java.util.Map;

/**
 * Selects invites by id, or by server and channel; evaluated on each member over its own partitions.
 * A plain predicate class rather than a query string: no reflection over the stored record.
 */
record InviteFilter(String id, String server, String channel) implements Predicate<String, StoredInvite> {
    @Serial
    private static final long serialVersionUID = 1L;

    static InviteFilter byId(String id) {
        return new InviteFilter(id, null, null);
    }

    static InviteFilter byChannel(String server, String channel) {
        return new InviteFilter(null, server, channel);
    }

    @Override
    public boolean apply(Map.Entry<String, StoredInvite> entry) {
        StoredInvite invite = entry.getValue();
        if (invite == null) {
            return false;
        }
        if (id != null) {
            return id.equals(invite.id());
        }
        return server.equals(invite.server()) && channel.equals(invite.channel());
    }
}

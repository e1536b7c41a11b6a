package org.canal.cluster.invites;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import java.io.Serial;
import java.util.Map;

/** Marks the invite revoked (kept, so that using it says REVOKED rather than UNKNOWN). */
final class RevokeProcessor implements EntryProcessor<String, StoredInvite, Boolean> {
    @Serial
    private static final long serialVersionUID = 1L;

    @Override
    public Boolean process(Map.Entry<String, StoredInvite> entry) {
        StoredInvite invite = entry.getValue();
        if (invite == null) {
            return false;
        }
        ((ExtendedMapEntry<String, StoredInvite>) entry).setValueWithoutChangingExpiryTime(invite.asRevoked());
        return true;
    }
}

package org.canal.cluster.invites;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import java.io.Serial;
import java.util.Map;

/**
 * One use of an invite, run by Hazelcast on the partition that owns it: the check and the count happen
 * under that partition's single thread, so two nodes redeeming at once cannot both take the last use.
 * Backups run the same processor with the same {@code now} and reach the same count.
 *
 * <p>Returns a {@link RedeemedInvite} or the {@link InviteRefusal}.
 */
final class RedeemProcessor implements EntryProcessor<String, StoredInvite, Object> {
    @Serial
    private static final long serialVersionUID = 1L;

    private final long now;

    RedeemProcessor(long now) {
        this.now = now;
    }

    @Override
    public Object process(Map.Entry<String, StoredInvite> entry) {
        StoredInvite invite = entry.getValue();
        if (invite == null) {
            return InviteRefusal.INVITE_UNKNOWN;
        }
        InviteRefusal refusal = invite.refusalAt(now);
        if (refusal != null) {
            return refusal;
        }
        // The entry keeps the expiry set when it was created.
        ((ExtendedMapEntry<String, StoredInvite>) entry).setValueWithoutChangingExpiryTime(invite.withOneMoreUse());
        return new RedeemedInvite(invite.id(), invite.server(), invite.channel(), invite.grants());
    }
}

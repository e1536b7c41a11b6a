package org.canal.cluster.sessions;

import com.hazelcast.query.Predicate;
import java.io.Serial;
import java.util.Map;

/**
 * Selects the sessions one member wrote; evaluated on each member over its own partitions. A plain
 * predicate class rather than a query string: no reflection over the stored record.
 */
record MemberSessions(String memberId) implements Predicate<String, StoredSession> {
    @Serial
    private static final long serialVersionUID = 1L;

    @Override
    public boolean apply(Map.Entry<String, StoredSession> entry) {
        StoredSession session = entry.getValue();
        return session != null && memberId.equals(session.memberId());
    }
}

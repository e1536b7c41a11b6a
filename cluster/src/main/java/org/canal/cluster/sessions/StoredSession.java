package org.canal.cluster.sessions;

import java.io.Serial;
import java.io.Serializable;

/**
 * A session as the map holds it: its {@link SessionLocation} and the Hazelcast member that wrote it,
 * by the member's UUID (an opaque id, not its address), so that the entries of a member that leaves
 * the cluster can be found and removed.
 */
record StoredSession(String resumeHash, String nodeId, String memberId, String callKey, String participantId)
        implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    static StoredSession of(SessionLocation location, String memberId) {
        return new StoredSession(location.resumeHash(), location.nodeId(), memberId, location.callKey(),
                location.participantId());
    }

    SessionLocation location() {
        return new SessionLocation(resumeHash, nodeId, callKey, participantId);
    }
}

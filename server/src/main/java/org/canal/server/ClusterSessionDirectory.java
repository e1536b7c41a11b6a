package org.canal.server;

import io.vertx.core.Future;
import org.canal.cluster.sessions.SessionLocation;
import org.canal.cluster.sessions.SessionMap;
import org.canal.signaling.SessionDirectory;

/**
 * Signaling's session directory kept in the node's Hazelcast member: the {@code cluster} module's
 * {@link SessionMap} seen through signaling's SPI (neither module knows the other; the node joins them).
 */
final class ClusterSessionDirectory implements SessionDirectory {
    private final SessionMap sessions;

    ClusterSessionDirectory(SessionMap sessions) {
        this.sessions = sessions;
    }

    @Override
    public Future<Void> register(Entry entry) {
        return sessions.put(entry.sessionId(), new SessionLocation(entry.resumeHash(), entry.nodeId(), entry.callKey(),
                entry.participantId()));
    }

    @Override
    public Future<Entry> lookup(String sessionId) {
        return sessions.get(sessionId).map(location -> location == null ? null
                : new Entry(sessionId, location.resumeHash(), location.nodeId(), location.callKey(), location.participantId()));
    }

    @Override
    public Future<Void> remove(String sessionId) {
        return sessions.remove(sessionId);
    }
}

package org.canal.cluster.sessions;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.UUID;

/**
 * The live sessions of every node, in the Hazelcast map {@value #MAP_NAME} keyed by session id, so that
 * any node can check a resume and tell which node hosts the session (docs/decisions/0008-session-directory.md).
 * Writing, reading and removing one entry are asynchronous Hazelcast calls whose futures complete on a
 * Vert.x context; none blocks an event loop.
 *
 * <p>Entries of a member that leaves the cluster, gracefully or by a crash, are removed by every
 * member that sees it go: a membership listener hands the removal (a predicate scan of the map) to a
 * Vert.x worker thread, off Hazelcast's event thread. The removal is idempotent, so all members doing
 * it is harmless, and one surviving member is enough. There is no time-to-live: a session lives as
 * long as its node holds it, and a node that is gone is known to Hazelcast's failure detector.
 */
public final class SessionMap {
    public static final String MAP_NAME = "canal.sessions";
    private static final System.Logger LOG = System.getLogger(SessionMap.class.getName());

    private final Vertx vertx;
    private final HazelcastInstance member;
    private final IMap<String, StoredSession> sessions;
    private final String memberId;
    private final UUID listener;

    private SessionMap(Vertx vertx, HazelcastInstance member) {
        this.vertx = vertx;
        this.member = member;
        this.sessions = member.getMap(MAP_NAME);
        this.memberId = member.getCluster().getLocalMember().getUuid().toString();
        this.listener = member.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                // a new member writes its own sessions
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                removeSessionsOf(event.getMember().getUuid().toString());
            }
        });
    }

    /** The map of {@code member}, which starts removing the sessions of members that leave. */
    public static SessionMap create(Vertx vertx, HazelcastInstance member) {
        return new SessionMap(vertx, member);
    }

    /** Writes a session of this member's node, replacing any entry under its id. */
    public Future<Void> put(String sessionId, SessionLocation location) {
        return Future.fromCompletionStage(sessions.setAsync(sessionId, StoredSession.of(location, memberId)),
                vertx.getOrCreateContext());
    }

    /** The session's location, or a future of null when no live session has this id. */
    public Future<SessionLocation> get(String sessionId) {
        return Future.fromCompletionStage(sessions.getAsync(sessionId), vertx.getOrCreateContext())
                .map(stored -> stored == null ? null : stored.location());
    }

    /** Removes a session that ended; succeeds when there was none. */
    public Future<Void> remove(String sessionId) {
        return Future.fromCompletionStage(sessions.removeAsync(sessionId), vertx.getOrCreateContext()).mapEmpty();
    }

    /** Removes the sessions a member wrote, on a worker thread; what the listener does when a member leaves. */
    Future<Void> removeSessionsOf(String leftMemberId) {
        try {
            return vertx.<Void>executeBlocking(() -> {
                sessions.removeAll(new MemberSessions(leftMemberId));
                return null;
            }, false).onFailure(e -> LOG.log(System.Logger.Level.WARNING,
                    "could not remove the sessions of a member that left: {0}", e.getClass().getSimpleName()));
        } catch (RuntimeException e) {
            // Vert.x is closing with this node: the members that remain remove them
            return Future.failedFuture(e);
        }
    }

    /** Stops watching the membership; the map and its entries stay in the cluster. */
    public void close() {
        member.getCluster().removeMembershipListener(listener);
    }
}

package org.canal.signaling.impl;

import io.vertx.core.Future;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.canal.signaling.ErrorCode;
import org.canal.signaling.SessionDirectory;

/**
 * This node's side of the {@link SessionDirectory}: registers its sessions, removes them when they end,
 * and checks a {@code resume} against the directory before the node looks for the session itself.
 *
 * <p>Directory calls are asynchronous and never delay a join: a removal waits for its session's
 * registration, so that a session ending at once cannot leave an entry behind. The directory is an
 * aid, not the authority for this node's own sessions: when it fails or has no entry yet, the node's
 * own lookup (which checks the secret itself) decides.
 */
final class DirectoryRegistrations {
    private static final System.Logger LOG = System.getLogger(DirectoryRegistrations.class.getName());

    private final SessionDirectory directory;
    private final String nodeId;
    /** The registration of each live session of this node, for its removal to wait on. */
    private final ConcurrentMap<String, Future<Void>> registered = new ConcurrentHashMap<>();
    /** Removals under way; shutdown waits for them. */
    private final Set<Future<Void>> removing = ConcurrentHashMap.newKeySet();

    DirectoryRegistrations(SessionDirectory directory, String nodeId) {
        this.directory = directory;
        this.nodeId = nodeId;
    }

    void register(Session s, String callKey) {
        SessionDirectory.Entry entry = new SessionDirectory.Entry(s.id, ResumeHashes.of(s.resumeSecret), nodeId, callKey,
                s.participantId);
        registered.put(s.id, directory.register(entry)
                .onFailure(e -> LOG.log(System.Logger.Level.WARNING,
                        "session directory: register failed ({0}); resumes on other nodes will be refused",
                        e.getClass().getSimpleName()))
                .otherwiseEmpty());
    }

    void remove(String sessionId) {
        Future<Void> registration = registered.remove(sessionId);
        if (registration == null) {
            return;
        }
        Future<Void> removal = registration.compose(v -> directory.remove(sessionId))
                .onFailure(e -> LOG.log(System.Logger.Level.WARNING, "session directory: remove failed ({0})",
                        e.getClass().getSimpleName()))
                .otherwiseEmpty();
        removing.add(removal);
        removal.onComplete(ar -> removing.remove(removal));
    }

    /**
     * Succeeds when the node should look for the session itself: the directory says this node hosts
     * it, or does not know it, or failed. Fails with {@code UNKNOWN_SESSION} when the secret does not
     * match the directory's hash, and with {@code SESSION_ON_OTHER_NODE} (naming the node) when it
     * does and another node hosts the session.
     */
    Future<Void> check(ClientMessage.Resume resume) {
        return directory.lookup(resume.session()).transform(ar -> {
            SessionDirectory.Entry entry = ar.succeeded() ? ar.result() : null;
            if (ar.failed()) {
                LOG.log(System.Logger.Level.DEBUG, "session directory: lookup failed ({0})",
                        ar.cause().getClass().getSimpleName());
            }
            if (entry == null) {
                return Future.succeededFuture();
            }
            if (!ResumeHashes.matches(entry.resumeHash(), resume.resume())) {
                return Future.failedFuture(SignalingImpl.unknownSession());
            }
            if (!entry.nodeId().equals(nodeId)) {
                return Future.failedFuture(new SignalingException(ErrorCode.SESSION_ON_OTHER_NODE,
                        "node '" + entry.nodeId() + "' hosts this session; resume it there", null)
                        .withNode(entry.nodeId()));
            }
            return Future.succeededFuture();
        });
    }

    /** Completes when every removal under way has reached the directory (or failed). */
    Future<Void> drained() {
        return Future.join(Set.copyOf(removing).stream().toList()).<Void>mapEmpty().otherwiseEmpty();
    }
}

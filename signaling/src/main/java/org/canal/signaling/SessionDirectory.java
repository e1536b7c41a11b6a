package org.canal.signaling;

import io.vertx.core.Future;
import java.util.Objects;
import java.util.regex.Pattern;
import org.canal.signaling.impl.InMemorySessionDirectory;

/**
 * Where every live session of a deployment is written down, so that any node can check a
 * {@code resume} (docs/signaling.md, "Sessions"): which node hosts the session, and the SHA-256 of its
 * resume secret to verify the secret against. Signaling registers a session when it joins and removes
 * it when it ends for good (leave, kick, replacing join, end of the grace period, node shutdown); a
 * socket that merely drops keeps its entry.
 *
 * <p>Only opaque ids and a hash go in: no IP address, no name, no token, no secret (a cluster map is
 * readable by every member). The server module gives signaling the Hazelcast directory of the
 * {@code cluster} module; {@link #inMemory()} is for a lone node and for tests.
 *
 * <p>Methods may be called from any thread, must not block, and complete their futures on any thread.
 */
public interface SessionDirectory {

    /** Writes the entry under its session id, replacing any entry there. */
    Future<Void> register(Entry entry);

    /** The entry of a session id, or a future of null when there is none. */
    Future<Entry> lookup(String sessionId);

    /** Removes a session's entry; succeeds when there is none. */
    Future<Void> remove(String sessionId);

    /** A directory in this JVM's memory: enough when one node serves every call. */
    static SessionDirectory inMemory() {
        return new InMemorySessionDirectory();
    }

    /**
     * One live session.
     *
     * @param sessionId the session id {@code joined} gave (22 characters of base64url)
     * @param resumeHash the lowercase hex SHA-256 of the resume secret's UTF-8 bytes (64 characters)
     * @param nodeId the id of the node that hosts the session ({@link SignalingOptions#nodeId()})
     * @param callKey the call's {@code server/channel}
     * @param participantId the participant's opaque id in the call
     */
    record Entry(String sessionId, String resumeHash, String nodeId, String callKey, String participantId) {
        private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

        public Entry {
            Objects.requireNonNull(sessionId, "sessionId");
            Objects.requireNonNull(nodeId, "nodeId");
            Objects.requireNonNull(callKey, "callKey");
            Objects.requireNonNull(participantId, "participantId");
            if (resumeHash == null || !SHA256_HEX.matcher(resumeHash).matches()) {
                throw new IllegalArgumentException("resumeHash must be a lowercase hex SHA-256");
            }
        }
    }
}

package org.canal.cluster.sessions;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a live session is and how to check its resume secret: opaque ids and a hash only, never an
 * address, a name, a token or the secret itself (the map is readable by every member).
 *
 * @param resumeHash    the lowercase hex SHA-256 of the session's resume secret (64 characters)
 * @param nodeId        the Canal node that hosts the session
 * @param callKey       the call's {@code server/channel}
 * @param participantId the participant's opaque id
 */
public record SessionLocation(String resumeHash, String nodeId, String callKey, String participantId) {
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public SessionLocation {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(callKey, "callKey");
        Objects.requireNonNull(participantId, "participantId");
        if (resumeHash == null || !SHA256_HEX.matcher(resumeHash).matches()) {
            throw new IllegalArgumentException("resumeHash must be a lowercase hex SHA-256");
        }
    }
}

package org.canal.signaling.impl;

import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Set;

/**
 * Who may join one call, as its moderators set it (docs/moderation.md): a participant limit, a lock,
 * invite-only, and the participant ids kicked out. It lives as long as the call: when the last
 * session ends the call and its policy go, and the next join starts from the node's defaults. Owned
 * by the call's context, so plain fields.
 */
final class ChannelPolicy {
    int maxParticipants;
    boolean locked;
    boolean inviteOnly;
    /** Participant ids (token {@code sub}s) a moderator kicked; refused with KICKED until the call empties. */
    final Set<String> kicked = new HashSet<>();
    /** Participant ids a moderator made listen-only; a new session of theirs (a reloaded page) stays so. */
    final Set<String> listenOnly = new HashSet<>();

    ChannelPolicy(int maxParticipants) {
        this.maxParticipants = maxParticipants;
    }

    /** The {@code policy} object of {@code joined}, {@code moderated} and {@code channelPolicy}. */
    JsonObject toJson() {
        return new JsonObject().put("maxParticipants", maxParticipants).put("locked", locked)
                .put("inviteOnly", inviteOnly);
    }
}

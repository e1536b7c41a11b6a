package org.canal.signaling.impl;

import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Set;
import org.canal.signaling.P2pMode;

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
    /** Whether a call of one or two capable participants runs peer-to-peer (docs/signaling.md, "Media mode"). */
    P2pMode p2p;
    /** Participant ids (token {@code sub}s) a moderator kicked; refused with KICKED until the call empties. */
    final Set<String> kicked = new HashSet<>();
    /** Participant ids a moderator made listen-only; a new session of theirs (a reloaded page) stays so. */
    final Set<String> listenOnly = new HashSet<>();

    ChannelPolicy(int maxParticipants, P2pMode p2p) {
        this.maxParticipants = maxParticipants;
        this.p2p = p2p;
    }

    /** The {@code policy} object of {@code joined}, {@code moderated} and {@code channelPolicy}. */
    JsonObject toJson() {
        return new JsonObject().put("maxParticipants", maxParticipants).put("locked", locked)
                .put("inviteOnly", inviteOnly).put("p2p", p2p.wire());
    }
}

package org.canal.signaling.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.List;
import org.canal.signaling.ErrorCode;
import org.canal.signaling.sdp.SubscribeSection;

/** The server's messages (docs/signaling.md, "Server to client"). */
final class ServerMessages {
    private ServerMessages() {}

    /** {@code media}: the call's current media epoch for this session ({@link #media}'s fields). */
    static JsonObject joined(String requestId, Session self, Collection<Session> others, ChannelPolicy policy,
            JsonArray iceServers, JsonObject media) {
        JsonArray participants = new JsonArray();
        others.forEach(s -> participants.add(participant(s)));
        return withId(new JsonObject().put("type", "joined").put("v", MessageReader.PROTOCOL_VERSION)
                .put("session", self.id).put("resume", self.resumeSecret)
                .put("self", participant(self)).put("participants", participants)
                .put("iceServers", iceServers).put("grants", self.grants.toJson())
                .put("policy", policy.toJson()).put("media", media), requestId);
    }

    /**
     * A media epoch as one session sees it (docs/signaling.md, "Media mode"): {@code mode} "p2p" or
     * "sfu"; {@code peer} the other participant of a P2P epoch (null when alone or on the SFU);
     * {@code role} "offerer" or "answerer" (null without a peer); {@code relayOnly} whether the P2P
     * connection must use only TURN relay candidates.
     */
    static JsonObject mediaEpoch(long epoch, String mode, String peer, String role, boolean relayOnly) {
        return new JsonObject().put("epoch", epoch).put("mode", mode).put("peer", peer).put("role", role)
                .put("relayOnly", relayOnly);
    }

    /** To a session when the call's media epoch changes in a way that concerns it, and after a resume. */
    static JsonObject media(JsonObject epoch) {
        return new JsonObject().put("type", "media").mergeIn(epoch);
    }

    /** The epoch completed: the new path carries media, the old one is (being) closed. */
    static JsonObject mediaSwitched(long epoch) {
        return new JsonObject().put("type", "mediaSwitched").put("epoch", epoch);
    }

    /** A P2P signal relayed to the other session of the epoch: exactly one of description and candidate. */
    static JsonObject p2pSignal(long epoch, String from, JsonObject description, JsonObject candidate) {
        JsonObject m = new JsonObject().put("type", "p2pSignal").put("epoch", epoch).put("from", from);
        return description != null ? m.put("description", description) : m.put("candidate", candidate);
    }

    static JsonObject publishAnswer(String requestId, String sdp) {
        return withId(new JsonObject().put("type", "publishAnswer").put("sdp", sdp), requestId);
    }

    static JsonObject subscribeOffer(long revision, String sdp, List<SubscribeSection> sections) {
        JsonArray tracks = new JsonArray();
        for (SubscribeSection s : sections) {
            if (s.active()) {
                tracks.add(new JsonObject().put("mid", s.mid()).put("participant", s.track().participant())
                        .put("kind", s.kind().name().toLowerCase(java.util.Locale.ROOT))
                        .put("source", s.track().source().wire()));
            }
        }
        return new JsonObject().put("type", "subscribeOffer").put("revision", revision).put("sdp", sdp)
                .put("tracks", tracks);
    }

    static JsonObject participantJoined(Session s) {
        return new JsonObject().put("type", "participantJoined").put("participant", participant(s));
    }

    static JsonObject participantLeft(Session s) {
        return new JsonObject().put("type", "participantLeft").put("participant", s.participantId);
    }

    /** To the others when a session's socket dropped without leave: its grace period runs. */
    static JsonObject participantReconnecting(Session s) {
        return new JsonObject().put("type", "participantReconnecting").put("participant", s.participantId);
    }

    /** To the others when a session that dropped its socket resumed on a new one within the grace. */
    static JsonObject participantReconnected(Session s) {
        return new JsonObject().put("type", "participantReconnected").put("participant", s.participantId);
    }

    static JsonObject left(String requestId, String reason) {
        return withId(new JsonObject().put("type", "left").put("reason", reason), requestId);
    }

    /** The reply to {@code moderate}: {@code result} "done" or "unchanged", and the policy after it. */
    static JsonObject moderated(ClientMessage.Moderate m, boolean done, ChannelPolicy policy) {
        JsonObject o = new JsonObject().put("type", "moderated").put("action", m.action().wire);
        if (m.participant() != null) {
            o.put("participant", m.participant());
        }
        return withId(o.put("result", done ? "done" : "unchanged").put("policy", policy.toJson()), m.id());
    }

    /** To everyone in the call when a moderator changed its policy. */
    static JsonObject channelPolicy(ChannelPolicy policy, String by) {
        return new JsonObject().put("type", "channelPolicy").put("policy", policy.toJson()).put("by", by);
    }

    /** To a participant a moderator removed, just before its socket closes. */
    static JsonObject kicked(String by) {
        return new JsonObject().put("type", "kicked").put("by", by);
    }

    /** To a participant a moderator asks to mute its {@code kind} ("audio" or "video"). */
    static JsonObject muteRequest(String kind, String by) {
        return new JsonObject().put("type", "muteRequest").put("kind", kind).put("by", by);
    }

    /** To a participant whose grants a moderator reduced ({@code reason} "listenOnly"). */
    static JsonObject grantsChanged(Session s, String reason, String by) {
        return new JsonObject().put("type", "grantsChanged").put("grants", s.grants.toJson()).put("reason", reason)
                .put("by", by);
    }

    static JsonObject error(ErrorCode code, String message, String requestId) {
        return withId(new JsonObject().put("type", "error").put("code", code.name()).put("message", message), requestId);
    }

    /** The {@code error} reply to a refusal, with {@code node} when it names one ({@code SESSION_ON_OTHER_NODE}). */
    static JsonObject error(SignalingException e) {
        JsonObject m = error(e.code(), e.getMessage(), e.requestId());
        return e.node() == null ? m : m.put("node", e.node());
    }

    private static JsonObject participant(Session s) {
        return new JsonObject().put("id", s.participantId).put("name", s.name);
    }

    private static JsonObject withId(JsonObject m, String requestId) {
        return requestId == null ? m : m.put("id", requestId);
    }
}

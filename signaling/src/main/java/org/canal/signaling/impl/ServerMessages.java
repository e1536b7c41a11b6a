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

    static JsonObject joined(String requestId, Session self, Collection<Session> others, ChannelPolicy policy) {
        JsonArray participants = new JsonArray();
        others.forEach(s -> participants.add(participant(s)));
        return withId(new JsonObject().put("type", "joined").put("v", MessageReader.PROTOCOL_VERSION)
                .put("session", self.id).put("resume", self.resumeSecret)
                .put("self", participant(self)).put("participants", participants)
                .put("iceServers", new JsonArray()).put("grants", self.grants.toJson())
                .put("policy", policy.toJson()), requestId);
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

    private static JsonObject participant(Session s) {
        return new JsonObject().put("id", s.participantId).put("name", s.name);
    }

    private static JsonObject withId(JsonObject m, String requestId) {
        return requestId == null ? m : m.put("id", requestId);
    }
}

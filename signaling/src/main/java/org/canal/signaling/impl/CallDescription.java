package org.canal.signaling.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.Locale;

/**
 * A call as operators see it in {@code GET /diagnostics/calls/:server/:channel} ({@link DiagnosticsHandler}):
 * its policy, media mode and sessions (participant ids, negotiation states, latest stats); no names,
 * no secrets, no addresses. Built on the call's context from its sessions.
 */
final class CallDescription {
    private CallDescription() {
    }

    static JsonObject of(String callId, ChannelPolicy policy, P2pCoordinator modes, Collection<Session> sessions) {
        JsonArray list = new JsonArray();
        long now = System.currentTimeMillis();
        for (Session s : sessions) {
            list.add(session(s, now));
        }
        return new JsonObject().put("call", callId).put("policy", policy.toJson()).put("mediaMode", modes.describe())
                .put("sessions", list);
    }

    private static JsonObject session(Session s, long now) {
        JsonArray published = new JsonArray();
        s.published.forEach(t -> published.add(new JsonObject().put("mid", t.mid())
                .put("kind", t.kind().name().toLowerCase(Locale.ROOT)).put("source", s.sourceOf(t).wire())));
        JsonArray subscribed = new JsonArray();
        s.sections.sections().forEach(sec -> subscribed.add(new JsonObject().put("mid", sec.mid())
                .put("kind", sec.kind().name().toLowerCase(Locale.ROOT))
                .put("participant", sec.track() == null ? null : sec.track().participant())
                .put("state", sec.rejected() ? "rejected" : sec.active() ? "active" : "inactive")));
        return new JsonObject()
                .put("participant", s.participantId)
                .put("attached", s.connection != null)
                .put("publish", new JsonObject().put("state", s.publishState).put("tracks", published)
                        .put("iceRestarts", s.publishIceRestarts))
                .put("subscribe", new JsonObject().put("state", s.subscribeState)
                        .put("iceRestarts", s.subscribeIceRestarts)
                        .put("revision", s.revision).put("answeredRevision", s.answeredRevision)
                        .put("sections", subscribed))
                .put("srtpProfile", s.srtpProfile)
                .put("stats", s.latestStats)
                .put("statsAgeMillis", s.latestStats == null ? null : now - s.latestStatsAt);
    }
}

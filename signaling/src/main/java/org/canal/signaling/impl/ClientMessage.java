package org.canal.signaling.impl;

import io.vertx.core.json.JsonObject;

/** A validated client message (docs/signaling.md, "Client to server"); {@code id} is null when absent. */
sealed interface ClientMessage {
    String id();

    /** {@code server} and {@code channel}: where the client wants to go, or null when it does not say. */
    record Join(String id, int version, String token, String name, String server, String channel)
            implements ClientMessage {}

    /** {@code reload}: the page was reloaded, its PeerConnections are gone (docs/signaling.md, Sessions). */
    record Resume(String id, String session, String resume, boolean reload) implements ClientMessage {}

    /** {@code sources}: the declared source of sending sections by mid (empty when the client declares none). */
    record Publish(String id, String sdp, java.util.Map<String, org.canal.signaling.TrackSource> sources)
            implements ClientMessage {
        public Publish {
            sources = java.util.Map.copyOf(sources);
        }
    }

    record SubscribeAnswer(String id, long revision, String sdp) implements ClientMessage {}

    /** A stats report reduced to the documented fields. */
    record Stats(String id, JsonObject report) implements ClientMessage {}

    record Leave(String id) implements ClientMessage {}

    /** The page is being unloaded (closed or reloaded): if the socket now drops, a shorter grace applies. */
    record Unloading(String id) implements ClientMessage {}

    /**
     * A moderator's request (docs/moderation.md): {@code participant} for actions on a participant,
     * {@code kind} ("audio" or "video") for a mute request, {@code value} an Integer for
     * setMaxParticipants and a Boolean for setInviteOnly; the fields an action does not use are null.
     */
    record Moderate(String id, ModerationAction action, String participant, String kind, Object value)
            implements ClientMessage {}
}

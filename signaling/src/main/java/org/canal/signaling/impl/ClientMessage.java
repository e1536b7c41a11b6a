package org.canal.signaling.impl;

import io.vertx.core.json.JsonObject;

/** A validated client message (docs/signaling.md, "Client to server"); {@code id} is null when absent. */
sealed interface ClientMessage {
    String id();

    /** {@code server} and {@code channel}: where the client wants to go, or null when it does not say. */
    record Join(String id, int version, String token, String name, String server, String channel,
            java.util.Set<String> features) implements ClientMessage {
        /** The {@code features} Canal knows of (unknown ones were dropped when read). */
        static final String P2P = "p2p";

        boolean p2p() {
            return features.contains(P2P);
        }
    }

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

    /**
     * The client asks Canal to restart ICE on its subscribe connection (docs/signaling.md,
     * "restartIce"): Canal sends a new subscribeOffer with new ICE credentials. {@code direction} is
     * always "subscribe": the publish connection restarts with a publish offer carrying new credentials.
     */
    record RestartIce(String id, String direction) implements ClientMessage {}

    /** A stats report reduced to the documented fields. */
    record Stats(String id, JsonObject report) implements ClientMessage {}

    record Leave(String id) implements ClientMessage {}

    /** The client receives its peer over the new path of media epoch {@code epoch} (docs/signaling.md, "Media mode"). */
    record MediaReady(String id, long epoch) implements ClientMessage {}

    /**
     * A description or a trickled candidate for the P2P connection of {@code epoch}, rebuilt from its
     * validated fields only. Exactly one of: {@code description} ({@code {type, sdp}}), or a candidate
     * ({@code candidate} an object {@code {candidate, sdpMid, sdpMLineIndex, usernameFragment}}, or
     * null for the end of candidates, with {@code isCandidate} true).
     */
    record P2pSignal(String id, long epoch, JsonObject description, JsonObject candidate, boolean isCandidate)
            implements ClientMessage {}

    /** The page is being unloaded (closed or reloaded): if the socket now drops, a shorter grace applies. */
    record Unloading(String id) implements ClientMessage {}

    /**
     * A moderator's request (docs/moderation.md): {@code participant} for actions on a participant,
     * {@code kind} ("audio" or "video") for a mute request, {@code value} an Integer for
     * setMaxParticipants, a Boolean for setInviteOnly and a {@link org.canal.signaling.P2pMode} for setP2p; the fields an action does not use are null.
     */
    record Moderate(String id, ModerationAction action, String participant, String kind, Object value)
            implements ClientMessage {}
}

package org.canal.media.api;

import java.util.List;

/**
 * A command to the media engine, answered with an {@code R}. Failures come back as a failed future
 * carrying a {@link MediaException} with a {@link MediaException.Code}.
 *
 * <p>Ids: a {@code callId} names one channel's call (opaque to the media engine); a {@code sessionId}
 * names one participant's session in it; a {@code transportId}, issued by the media engine, names one
 * ICE/DTLS transport (one browser PeerConnection). Each participant has two transports: a PUBLISH one
 * (the browser offers, Canal answers, the browser sends) and a SUBSCRIBE one (Canal offers, the
 * browser answers, Canal sends).
 */
public sealed interface MediaCommand<R> {

    /** Opens a transport for a session in a call, creating the call on first use. */
    record OpenTransport(String callId, String sessionId, TransportDirection direction)
            implements MediaCommand<LocalTransport> {}

    /**
     * Gives a transport what the browser's SDP says about its end: ICE credentials and the DTLS
     * certificate fingerprint that its certificate must match. Canal is always the DTLS server
     * (it answers {@code a=setup:passive}, and offers {@code a=setup:actpass} so the browser picks active).
     */
    record ConnectTransport(String transportId, RemoteTransport remote) implements MediaCommand<Void> {}

    /**
     * Restarts ICE on a transport (RFC 8445 section 9, RFC 8839 section 4.4.1.1.1): the engine generates
     * new local ICE credentials and returns them (same transport id, fingerprint and candidates), and
     * takes {@code remoteUfrag} as the browser's new ufrag; null when Canal offers the restart and the
     * browser's answer brings it later through {@link ConnectTransport} (with the same fingerprint). The
     * DTLS association and the SRTP contexts continue (RFC 8842 section 5). The old credentials are
     * accepted until a check with the new ones authenticates; media keeps flowing on the selected address
     * until a check nominates another (docs/media-engine.md, "ICE restart").
     */
    record RestartIce(String transportId, String remoteUfrag) implements MediaCommand<LocalTransport> {}

    /** Replaces the set of tracks a PUBLISH transport receives from its browser. */
    record SetPublishedTracks(String transportId, List<PublishedTrack> tracks) implements MediaCommand<Void> {}

    /**
     * Replaces the set of tracks a SUBSCRIBE transport sends to its browser, each with the SSRC,
     * payload types and header extension ids that the subscriber's SDP negotiated.
     */
    record SetSubscribedTracks(String transportId, List<SubscribedTrack> tracks) implements MediaCommand<Void> {}

    /** Closes one transport; its tracks disappear from every subscriber. */
    record CloseTransport(String transportId) implements MediaCommand<Void> {}

    /** Ends a session in a call: closes its transports; the call ends with its last session. */
    record LeaveCall(String callId, String sessionId) implements MediaCommand<Void> {}

    /** Counters of a call and of each of its transports, for operators and tests. */
    record DescribeCall(String callId) implements MediaCommand<CallStats> {}

    /** Node-wide counters, including datagrams dropped before they could be tied to a call. */
    record DescribeNode() implements MediaCommand<NodeStats> {}
}

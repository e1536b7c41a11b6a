package org.canal.signaling.sdp;

import org.canal.media.api.MediaKind;

/**
 * A track another participant publishes, as a subscriber sees it.
 *
 * @param trackId the media engine's id ({@code sessionId + ":" + mid} of the publisher)
 * @param participant the publisher's participant id
 * @param label a name for the track unique within the participant (its kind and publish mid), used as msid track id
 */
public record RemoteTrack(String trackId, String participant, MediaKind kind, String label) {}

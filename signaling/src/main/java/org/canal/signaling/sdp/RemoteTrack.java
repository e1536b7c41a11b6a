package org.canal.signaling.sdp;

import org.canal.media.api.MediaKind;
import org.canal.signaling.TrackSource;

/**
 * A track another participant publishes, as a subscriber sees it.
 *
 * @param trackId the media engine's id ({@code sessionId + ":" + mid} of the publisher)
 * @param participant the publisher's participant id
 * @param label a name for the track unique within the participant (its kind and publish mid), used as msid track id
 * @param source what the publisher declared the track carries (docs/signaling.md, "Track sources"); a
 *     track whose source changes is another track to a subscriber (a new section or a reused one)
 */
public record RemoteTrack(String trackId, String participant, MediaKind kind, String label, TrackSource source) {

    /** A track of its kind's default source (microphone or camera). */
    public RemoteTrack(String trackId, String participant, MediaKind kind, String label) {
        this(trackId, participant, kind, label, TrackSource.defaultFor(kind));
    }
}

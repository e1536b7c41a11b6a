package org.canal.media.api;

import java.util.List;

/**
 * A track a SUBSCRIBE transport sends: another participant's published track, rewritten to what
 * this subscriber's SDP negotiated.
 *
 * @param trackId the published track's id
 * @param mid the media section's mid in the subscriber's SDP
 * @param ssrc the SSRC Canal sends this track with on this transport (Canal's offer declares it)
 * @param codecs the codecs the subscriber accepted, with the subscriber's payload types
 * @param extensions the header extensions the subscriber accepted, with the subscriber's ids
 */
public record SubscribedTrack(String trackId, String mid, long ssrc, List<Codec> codecs, List<HeaderExtension> extensions) {
    public SubscribedTrack {
        codecs = List.copyOf(codecs);
        extensions = List.copyOf(extensions);
    }
}

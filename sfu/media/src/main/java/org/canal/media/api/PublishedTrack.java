package org.canal.media.api;

import java.util.List;

/**
 * A track a browser publishes on its PUBLISH transport, as its offer and Canal's answer agreed.
 * Packets are tied to it by the MID header extension ({@code urn:ietf:params:rtp-hdrext:sdes:mid},
 * which Canal's answer always echoes), and by {@code ssrc} when the SDP declared one (0 when not).
 *
 * @param trackId unique in the call (signaling makes it, e.g. session id + mid)
 * @param mid the media section's mid in the publisher's SDP
 * @param codecs the codecs Canal's answer accepted, with the publisher's payload types
 * @param extensions the header extensions Canal's answer accepted, with the publisher's ids
 */
public record PublishedTrack(String trackId, String mid, MediaKind kind, List<Codec> codecs,
        List<HeaderExtension> extensions, long ssrc) {
    public PublishedTrack {
        codecs = List.copyOf(codecs);
        extensions = List.copyOf(extensions);
    }
}

package org.canal.media.api;

import java.util.List;

/**
 * A negotiated codec: its payload type on one transport, and what identifies it across transports
 * ({@code name}, {@code clockRate}, {@code channels}, and the fmtp line for codecs whose profiles
 * differ, e.g. H.264). {@code rtcpFeedback} lists the rtcp-fb values negotiated for it
 * (e.g. "nack", "nack pli", "ccm fir").
 */
public record Codec(int payloadType, String name, int clockRate, int channels, String fmtp, List<String> rtcpFeedback) {
    public Codec {
        rtcpFeedback = List.copyOf(rtcpFeedback);
    }

    /** Same codec, whatever the payload type: names compare case-insensitively (RFC 8866 6.6). */
    public boolean sameCodecAs(Codec other) {
        return name.equalsIgnoreCase(other.name) && clockRate == other.clockRate && channels == other.channels;
    }
}

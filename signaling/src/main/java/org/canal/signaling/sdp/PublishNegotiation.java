package org.canal.signaling.sdp;

import java.util.List;
import org.canal.media.api.PublishedTrack;
import org.canal.media.api.RemoteTransport;
import org.canal.protocol.sdp.SessionDescription;

/**
 * The outcome of a publish offer: Canal's answer, the browser's transport for ConnectTransport and
 * the tracks for SetPublishedTracks (the sections the browser sends on, in offer order).
 */
public record PublishNegotiation(SessionDescription answer, RemoteTransport remote, List<PublishedTrack> tracks) {
    public PublishNegotiation {
        tracks = List.copyOf(tracks);
    }
}

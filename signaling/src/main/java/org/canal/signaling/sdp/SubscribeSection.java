package org.canal.signaling.sdp;

import org.canal.media.api.MediaKind;

/**
 * One media section of a subscriber's subscribe connection. {@code track} is null when the section is
 * inactive (its track went away, or it waits to be reused). {@code ssrc} is what Canal sends the
 * track with on this connection, fresh for each (subscriber, track). {@code rejected}: the browser
 * answered it with port 0, so it stays unused. {@code offeredInactive}: an offer already told the
 * browser the section is inactive, so it may now carry a new track.
 */
public record SubscribeSection(String mid, MediaKind kind, RemoteTrack track, long ssrc, boolean rejected,
        boolean offeredInactive) {

    public boolean active() {
        return track != null && !rejected;
    }

    SubscribeSection inactive() {
        return new SubscribeSection(mid, kind, null, 0, rejected, rejected);
    }

    SubscribeSection offered() {
        return track == null && !offeredInactive ? new SubscribeSection(mid, kind, null, 0, rejected, true) : this;
    }

    SubscribeSection asRejected() {
        return new SubscribeSection(mid, kind, track, ssrc, true, true);
    }
}

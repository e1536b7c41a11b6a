package org.canal.signaling.impl;

import java.util.Optional;
import org.canal.media.api.MediaKind;
import org.canal.protocol.sdp.Direction;
import org.canal.protocol.sdp.MediaDescription;
import org.canal.protocol.sdp.SessionDescription;
import org.canal.signaling.Grants;
import org.canal.signaling.sdp.SupportedCodecs;

/**
 * Whether a publish offer sends only what the session's grants allow (docs/tokens.md, "Grants").
 * A section sends media when it is audio or video, offered {@code sendrecv} or {@code sendonly}, and
 * not rejected by port 0 (bundle-only sections count: RFC 8843 section 6). Audio needs the
 * {@code audio} grant; video needs {@code video} or {@code screen}, because SDP cannot tell a camera
 * from a screen (telling them apart, and the screen grant alone, is later work). Stateless.
 */
final class PublishPermission {
    private PublishPermission() {}

    /** Why the offer is not allowed, or null when it is. */
    static String refusal(SessionDescription offer, Grants grants) {
        for (MediaDescription m : offer.media()) {
            boolean sends = (m.direction() == Direction.SENDRECV || m.direction() == Direction.SENDONLY)
                    && (m.port() != 0 || m.bundleOnly());
            Optional<MediaKind> kind = SupportedCodecs.kind(m);
            if (!sends || kind.isEmpty()) {
                continue;
            }
            if (kind.get() == MediaKind.AUDIO && !grants.mayPublish(Grants.Publish.AUDIO)) {
                return "the token does not grant publishing audio; offer the audio section recvonly or inactive";
            }
            if (kind.get() == MediaKind.VIDEO && !grants.mayPublish(Grants.Publish.VIDEO)
                    && !grants.mayPublish(Grants.Publish.SCREEN)) {
                return "the token does not grant publishing video or screen; offer the video section recvonly or inactive";
            }
        }
        return null;
    }
}

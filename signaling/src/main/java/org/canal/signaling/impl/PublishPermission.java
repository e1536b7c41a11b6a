package org.canal.signaling.impl;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.canal.media.api.MediaKind;
import org.canal.protocol.sdp.Direction;
import org.canal.protocol.sdp.MediaDescription;
import org.canal.protocol.sdp.SessionDescription;
import org.canal.signaling.ErrorCode;
import org.canal.signaling.Grants;
import org.canal.signaling.TrackSource;
import org.canal.signaling.sdp.SupportedCodecs;

/**
 * Whether a publish offer sends only what the session's grants allow (docs/tokens.md, "Grants"), by
 * the source of each sending section (docs/signaling.md, "Track sources"). A section sends media when
 * it is audio or video, offered {@code sendrecv} or {@code sendonly}, and not rejected by port 0
 * (bundle-only sections count: RFC 8843 section 6). Its source is what {@code publish.sources}
 * declares for its mid, else {@link TrackSource#defaultFor its kind's default}; the source names the
 * grant it needs. Stateless.
 */
final class PublishPermission {
    private PublishPermission() {}

    /**
     * The source of each sending section with a mid, by mid in offer order.
     *
     * @throws SignalingException BAD_MESSAGE when {@code declared} names a mid the offer does not have,
     *     or a source of another kind than its section (e.g. {@code screen} on an audio section)
     */
    static Map<String, TrackSource> sources(SessionDescription offer, Map<String, TrackSource> declared,
            String requestId) throws SignalingException {
        Map<String, MediaDescription> byMid = new LinkedHashMap<>();
        offer.media().forEach(m -> m.mid().ifPresent(mid -> byMid.putIfAbsent(mid, m)));
        for (Map.Entry<String, TrackSource> d : declared.entrySet()) {
            MediaDescription m = byMid.get(d.getKey());
            if (m == null) {
                throw new SignalingException(ErrorCode.BAD_MESSAGE, "'sources' names mid '" + d.getKey()
                        + "', which the offer does not have", requestId);
            }
            if (SupportedCodecs.kind(m).orElse(null) != d.getValue().kind) {
                throw new SignalingException(ErrorCode.BAD_MESSAGE, "'sources' declares " + d.getValue().wire()
                        + " for mid '" + d.getKey() + "', a " + m.media() + " section", requestId);
            }
        }
        Map<String, TrackSource> sources = new LinkedHashMap<>();
        for (Map.Entry<String, MediaDescription> e : byMid.entrySet()) {
            Optional<MediaKind> kind = SupportedCodecs.kind(e.getValue());
            if (sends(e.getValue()) && kind.isPresent()) {
                sources.put(e.getKey(), declared.getOrDefault(e.getKey(), TrackSource.defaultFor(kind.get())));
            }
        }
        return sources;
    }

    /** Why the offer is not allowed, or null when it is: the first section whose source lacks its grant. */
    static String refusal(SessionDescription offer, Map<String, TrackSource> sources, Grants grants) {
        for (MediaDescription m : offer.media()) {
            Optional<MediaKind> kind = SupportedCodecs.kind(m);
            if (!sends(m) || kind.isEmpty()) {
                continue;
            }
            TrackSource source = m.mid().map(sources::get).orElse(TrackSource.defaultFor(kind.get()));
            if (!grants.mayPublish(source.grant)) {
                return "the token does not grant publishing " + source.grant.claim() + ": the " + m.media()
                        + " section" + m.mid().map(mid -> " '" + mid + "'").orElse("") + " sends source "
                        + source.wire() + "; offer it recvonly or inactive";
            }
        }
        return null;
    }

    private static boolean sends(MediaDescription m) {
        return (m.direction() == Direction.SENDRECV || m.direction() == Direction.SENDONLY)
                && (m.port() != 0 || m.bundleOnly());
    }
}

package org.canal.media.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.canal.media.api.MediaKind;

/**
 * One channel's call on one media loop: its transports and the forwarding table from each published
 * track to the subscriber legs that want it. The table is rebuilt (allocating, on the control path)
 * whenever a track, a subscription or a transport changes; the packet path only walks arrays.
 * Owned by its loop.
 */
final class Call {
    final String id;
    final MediaLoop loop;
    final List<Transport> transports = new ArrayList<>();
    private final Map<String, PublishedSource> sources = new HashMap<>();

    Call(String id, MediaLoop loop) {
        this.id = id;
        this.loop = loop;
    }

    PublishedSource source(String trackId) {
        return sources.get(trackId);
    }

    /** Whether another transport of this call already publishes {@code trackId}. */
    boolean publishedElsewhere(String trackId, Transport publisher) {
        PublishedSource s = sources.get(trackId);
        return s != null && s.publisher != publisher;
    }

    void putSource(PublishedSource source) {
        sources.put(source.trackId, source);
    }

    void removeSource(PublishedSource source) {
        sources.remove(source.trackId, source);
    }

    /** Recomputes every source's legs and every leg's codec and extension maps. */
    void rebuildForwarding() {
        Map<String, List<SubscribedLeg>> byTrack = new HashMap<>();
        for (Transport t : transports) {
            for (SubscribedLeg leg : t.legs()) {
                PublishedSource s = sources.get(leg.trackId);
                leg.bind(s == null ? null : s.spec());
                if (s != null) {
                    byTrack.computeIfAbsent(leg.trackId, k -> new ArrayList<>()).add(leg);
                }
            }
        }
        for (PublishedSource s : sources.values()) {
            List<SubscribedLeg> legs = byTrack.get(s.trackId);
            s.legs = legs == null ? new SubscribedLeg[0] : legs.toArray(new SubscribedLeg[0]);
        }
    }

    /** A subscriber now receives {@code leg}'s video: ask its publisher for a keyframe so it starts clean. */
    void keyframeForNewLeg(SubscribedLeg leg, long now) {
        PublishedSource s = sources.get(leg.trackId);
        if (s != null && s.kind() == MediaKind.VIDEO && leg.subscriber.connected()) {
            s.publisher.requestKeyframe(s, now);
        }
    }
}

package org.canal.media.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.canal.media.api.SubscribedTrack;

/**
 * The legs a SUBSCRIBE transport sends to its browser, one per subscribed track. They change by command
 * (allocating, off the packet path); the RTCP path only walks the array. Loop thread only.
 */
final class SubscribedLegs {
    private static final SubscribedLeg[] NO_LEGS = new SubscribedLeg[0];

    private final Transport transport;
    private final Call call;
    private final List<SubscribedLeg> legs = new ArrayList<>();
    private SubscribedLeg[] legArray = NO_LEGS;

    SubscribedLegs(Transport transport) {
        this.transport = transport;
        this.call = transport.call;
    }

    /** The legs, for the call's forwarding table. */
    List<SubscribedLeg> list() {
        return legs;
    }

    /** The legs, as the packet path walks them. */
    SubscribedLeg[] array() {
        return legArray;
    }

    /** The leg the browser receives as {@code ssrc}, or null. */
    SubscribedLeg sentAs(long ssrc) {
        for (SubscribedLeg leg : legArray) {
            if (leg.ssrc() == ssrc) {
                return leg;
            }
        }
        return null;
    }

    /** The browser's subscriptions now (by command): kept legs keep their offsets; new video legs get a keyframe. */
    void setTracks(List<SubscribedTrack> tracks, long now) {
        Map<String, SubscribedLeg> old = new HashMap<>();
        for (SubscribedLeg l : legs) {
            old.put(l.trackId, l);
        }
        List<SubscribedLeg> next = new ArrayList<>();
        List<SubscribedLeg> added = new ArrayList<>();
        for (SubscribedTrack t : tracks) {
            SubscribedLeg l = old.remove(t.trackId());
            if (l == null) {
                l = new SubscribedLeg(transport, t);
                added.add(l);
            } else {
                l.update(t);
            }
            next.add(l);
        }
        legs.clear();
        legs.addAll(next);
        legArray = next.toArray(new SubscribedLeg[0]);
        call.rebuildForwarding();
        for (SubscribedLeg l : added) {
            call.keyframeForNewLeg(l, now);
        }
    }

    /** The transport closed: no legs any more (the caller rebuilds the forwarding). */
    void clear() {
        legs.clear();
        legArray = NO_LEGS;
    }
}

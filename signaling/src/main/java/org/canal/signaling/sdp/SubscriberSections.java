package org.canal.signaling.sdp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import org.canal.media.api.MediaKind;

/**
 * The ordered media sections of one subscriber's subscribe connection. In Unified Plan (RFC 8829
 * section 5.2.2) a section, once offered, keeps its place and its mid for the connection's lifetime,
 * so sections are never removed: a track that goes away turns its section inactive, and a later
 * track of the same kind reuses an inactive section (same mid, new SSRC, new msid) once the browser
 * has been told it is inactive; otherwise a new section is appended with the next mid ("0", "1", ...).
 *
 * <p>Not thread-safe: owned by the call's context.
 */
public final class SubscriberSections {
    private final LongSupplier ssrcs;
    private final Set<Long> usedSsrcs = new HashSet<>();
    private List<SubscribeSection> sections = List.of();
    private int nextMid;

    /** @param ssrcs random non-zero 32-bit values */
    public SubscriberSections(LongSupplier ssrcs) {
        this.ssrcs = ssrcs;
    }

    public List<SubscribeSection> sections() {
        return sections;
    }

    /**
     * Makes the sections carry exactly {@code wanted} (in order of appearance for new ones).
     *
     * @return whether any section changed
     */
    public boolean reconcile(List<RemoteTrack> wanted) {
        // whole tracks, not ids: a track whose source changed is a new track (trackended, then track)
        Set<RemoteTrack> wantedTracks = new HashSet<>(wanted);
        List<SubscribeSection> next = new ArrayList<>(sections.size());
        boolean changed = false;
        Set<RemoteTrack> present = new HashSet<>();
        for (SubscribeSection s : sections) {
            if (s.rejected()) {
                // the browser refused this track's section: do not offer the track again, but forget it when it goes
                boolean keep = s.track() != null && wantedTracks.contains(s.track());
                next.add(keep || s.track() == null ? s : s.inactive());
                if (keep) {
                    present.add(s.track());
                }
            } else if (s.active() && !wantedTracks.contains(s.track())) {
                next.add(s.inactive());
                changed = true;
            } else {
                next.add(s);
                if (s.active()) {
                    present.add(s.track());
                }
            }
        }
        for (RemoteTrack t : wanted) {
            if (present.contains(t)) {
                continue;
            }
            changed = true;
            int reuse = reusable(next, t.kind());
            if (reuse >= 0) {
                next.set(reuse, new SubscribeSection(next.get(reuse).mid(), t.kind(), t, freshSsrc(), false, false));
            } else {
                next.add(new SubscribeSection(Integer.toString(nextMid++), t.kind(), t, freshSsrc(), false, false));
            }
        }
        sections = List.copyOf(next);
        return changed;
    }

    /** Records that an offer with the current sections went out: inactive sections become reusable. */
    public List<SubscribeSection> markOffered() {
        sections = sections.stream().map(SubscribeSection::offered).toList();
        return sections;
    }

    /** Marks the sections the browser rejected (port 0 in its answer): never used again. */
    public void markRejected(Set<String> mids) {
        sections = sections.stream().map(s -> mids.contains(s.mid()) ? s.asRejected() : s).toList();
    }

    private static int reusable(List<SubscribeSection> sections, MediaKind kind) {
        for (int i = 0; i < sections.size(); i++) {
            SubscribeSection s = sections.get(i);
            if (s.track() == null && !s.rejected() && s.offeredInactive() && s.kind() == kind) {
                return i;
            }
        }
        return -1;
    }

    private long freshSsrc() {
        long s;
        do {
            s = ssrcs.getAsLong();
        } while (s == 0 || !usedSsrcs.add(s));
        return s;
    }
}

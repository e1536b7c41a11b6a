package org.canal.cluster.invites;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an invite lets its holders do in the call, by name: the same names as the {@code grants} claim
 * of join tokens (docs/invites.md). Kept as sorted names so stored invites and API answers read alike.
 */
public final class Grants {
    public static final String JOIN = "join";
    public static final String PUBLISH_AUDIO = "publish:audio";
    public static final String PUBLISH_VIDEO = "publish:video";
    public static final String PUBLISH_SCREEN = "publish:screen";
    public static final String SUBSCRIBE = "subscribe";
    public static final String MODERATE = "moderate";

    public static final Set<String> KNOWN = Set.of(JOIN, PUBLISH_AUDIO, PUBLISH_VIDEO, PUBLISH_SCREEN, SUBSCRIBE, MODERATE);
    /** An invite's grants when none are named: take part fully, without moderating. */
    public static final List<String> PARTICIPANT = List.of(JOIN, PUBLISH_AUDIO, PUBLISH_SCREEN, PUBLISH_VIDEO, SUBSCRIBE);

    private Grants() {}

    /** The grants sorted and checked; {@code join} is implied (an invite exists to join). */
    public static List<String> normalized(Iterable<String> grants) {
        TreeSet<String> sorted = new TreeSet<>();
        sorted.add(JOIN);
        for (String grant : grants) {
            if (!KNOWN.contains(grant)) {
                throw new IllegalArgumentException("unknown grant " + grant + "; known: " + new TreeSet<>(KNOWN));
            }
            sorted.add(grant);
        }
        return List.copyOf(sorted);
    }
}

package org.canal.media.engine;

import java.nio.charset.StandardCharsets;
import org.canal.media.api.Codec;
import org.canal.media.api.HeaderExtension;
import org.canal.media.api.MediaKind;
import org.canal.media.api.PublishedTrack;

/**
 * One published track as the forwarder sees it: what the publisher negotiated, the SSRC its packets
 * currently carry, the subscriber legs it fans out to, what Canal reports back about it, and when a
 * keyframe was last asked for. Owned by the call's loop.
 */
final class PublishedSource {
    /** RFC 4585 feedback to a publisher: at most one PLI per track in this interval. */
    static final long PLI_INTERVAL_NANOS = 500_000_000L;
    private static final SubscribedLeg[] NO_LEGS = {};

    final String trackId;
    final Transport publisher;
    private PublishedTrack spec;
    private byte[] mid;
    /** Clock rate by the publisher's payload type (0: not negotiated). */
    private final int[] clockRateByPt = new int[128];
    final ReceptionStatistics reception = new ReceptionStatistics();
    /** The SSRC the publisher's packets carry now, or -1 before the first packet. */
    long sourceSsrc = -1;
    SubscribedLeg[] legs = NO_LEGS;
    long lastPliAtNanos = Long.MIN_VALUE / 2;
    /** A keyframe was asked for before the source's SSRC was known: ask once it is. */
    boolean keyframeWanted;

    PublishedSource(Transport publisher, PublishedTrack spec) {
        this.trackId = spec.trackId();
        this.publisher = publisher;
        update(spec);
    }

    void update(PublishedTrack spec) {
        this.spec = spec;
        this.mid = spec.mid().getBytes(StandardCharsets.US_ASCII);
        java.util.Arrays.fill(clockRateByPt, 0);
        for (Codec c : spec.codecs()) {
            clockRateByPt[c.payloadType()] = c.clockRate();
        }
    }

    PublishedTrack spec() {
        return spec;
    }

    MediaKind kind() {
        return spec.kind();
    }

    long declaredSsrc() {
        return spec.ssrc();
    }

    int clockRate(int payloadType) {
        return clockRateByPt[payloadType & 0x7F];
    }

    boolean midEquals(byte[] buf, int off, int len) {
        if (len != mid.length) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (buf[off + i] != mid[i]) {
                return false;
            }
        }
        return true;
    }

    /** The publisher's extension id for {@code uri}, or 0. */
    int extensionId(String uri) {
        for (HeaderExtension e : spec.extensions()) {
            if (e.uri().equals(uri)) {
                return e.id();
            }
        }
        return 0;
    }

    /** The packets now carry {@code ssrc}: a new source starts its statistics afresh. */
    void setSource(long ssrc) {
        if (ssrc != sourceSsrc) {
            sourceSsrc = ssrc;
            reception.reset();
        }
    }
}

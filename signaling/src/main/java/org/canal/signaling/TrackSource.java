package org.canal.signaling;

import java.util.Locale;
import org.canal.media.api.MediaKind;

/**
 * What a published track carries, as the publishing client declares it in {@code publish.sources}
 * (docs/signaling.md, "Track sources"): a microphone, a camera or a shared screen. The node enforces
 * the grants by it (docs/tokens.md, "Grants") and tells subscribers in {@code subscribeOffer.tracks},
 * so that a page shows a screen as a screen instead of guessing from the order of video tracks.
 * A sending section the client does not declare is {@link #defaultFor its kind's default}.
 */
public enum TrackSource {
    MICROPHONE(MediaKind.AUDIO, Grants.Publish.AUDIO),
    CAMERA(MediaKind.VIDEO, Grants.Publish.VIDEO),
    SCREEN(MediaKind.VIDEO, Grants.Publish.SCREEN);

    /** The kind of media section that may carry this source. */
    public final MediaKind kind;
    /** The grant a session needs to publish this source. */
    public final Grants.Publish grant;

    TrackSource(MediaKind kind, Grants.Publish grant) {
        this.kind = kind;
        this.grant = grant;
    }

    /** The wire name: {@code "microphone"}, {@code "camera"}, {@code "screen"}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The source of a wire name, or null for anything else. */
    public static TrackSource ofWire(Object name) {
        for (TrackSource s : values()) {
            if (s.wire().equals(name)) {
                return s;
            }
        }
        return null;
    }

    /** What an undeclared sending section is: older clients send only a microphone and a camera. */
    public static TrackSource defaultFor(MediaKind kind) {
        return kind == MediaKind.AUDIO ? MICROPHONE : CAMERA;
    }
}

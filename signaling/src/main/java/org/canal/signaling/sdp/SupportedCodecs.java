package org.canal.signaling.sdp;

import java.util.List;
import java.util.Optional;
import org.canal.media.api.Codec;
import org.canal.media.api.MediaKind;
import org.canal.protocol.sdp.MediaDescription;
import org.canal.protocol.sdp.SdpAttribute;

/**
 * What Canal negotiates in issue 3: Opus (48000/2) for audio and VP8 (90000) for video, the MID header
 * extension (RFC 8843 section 15.2, needed to tell BUNDLEd streams apart) and the audio level
 * (RFC 6464), and for VP8 only the feedback the media engine acts on: PLI and FIR (RFC 4585 section
 * 6.3.1, RFC 5104 section 3.5.1). No NACK, RTX, transport-cc or REMB until the engine implements them.
 *
 * <p>Video codecs carry {@code channels} 1 in {@link Codec} records, audio its channel count.
 */
public final class SupportedCodecs {
    public static final String MID_URI = "urn:ietf:params:rtp-hdrext:sdes:mid";
    public static final String AUDIO_LEVEL_URI = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    /** Canal's payload types and extension ids in its own offers (subscribe connections). */
    public static final int OPUS_PAYLOAD_TYPE = 111;
    public static final int VP8_PAYLOAD_TYPE = 96;
    public static final int MID_EXTENSION_ID = 1;
    public static final int AUDIO_LEVEL_EXTENSION_ID = 2;

    public static final String OPUS_FMTP = "minptime=10;useinbandfec=1";
    /** The rtcp-fb values Canal accepts and offers for VP8, in the form {@link Codec#rtcpFeedback} holds them. */
    public static final List<String> VP8_FEEDBACK = List.of("nack pli", "ccm fir");

    private SupportedCodecs() {}

    /** The codec Canal uses for {@code kind}, with payload type {@code payloadType}. */
    public static Codec codec(MediaKind kind, int payloadType, List<String> feedback) {
        return kind == MediaKind.AUDIO
                ? new Codec(payloadType, "opus", 48000, 2, OPUS_FMTP, List.of())
                : new Codec(payloadType, "VP8", 90000, 1, null, feedback);
    }

    /** Canal's own codec for {@code kind} as it offers it. */
    public static Codec offered(MediaKind kind) {
        return kind == MediaKind.AUDIO ? codec(kind, OPUS_PAYLOAD_TYPE, List.of())
                : codec(kind, VP8_PAYLOAD_TYPE, VP8_FEEDBACK);
    }

    /** The kind of an m= line's media, or empty for anything but audio and video. */
    public static Optional<MediaKind> kind(MediaDescription m) {
        return switch (m.media()) {
            case "audio" -> Optional.of(MediaKind.AUDIO);
            case "video" -> Optional.of(MediaKind.VIDEO);
            default -> Optional.empty();
        };
    }

    /** The first payload type on the m= line whose rtpmap is Canal's codec for {@code kind}. */
    public static Optional<Integer> findPayloadType(MediaDescription m, MediaKind kind) {
        for (String format : m.formats()) {
            int pt;
            try {
                pt = Integer.parseInt(format);
            } catch (NumberFormatException e) {
                continue;
            }
            Optional<SdpAttribute.Rtpmap> map = m.rtpmap(pt);
            if (map.isPresent() && matches(map.get(), kind)) {
                return Optional.of(pt);
            }
        }
        return Optional.empty();
    }

    private static boolean matches(SdpAttribute.Rtpmap map, MediaKind kind) {
        return kind == MediaKind.AUDIO
                ? map.encoding().equalsIgnoreCase("opus") && map.clockRate() == 48000 && map.channels() == 2
                : map.encoding().equalsIgnoreCase("VP8") && map.clockRate() == 90000 && map.channels() <= 1;
    }

    /** The VP8 feedback {@code m} lists for {@code payloadType} that Canal supports, in Canal's order. */
    public static List<String> supportedFeedback(MediaDescription m, int payloadType, MediaKind kind) {
        if (kind != MediaKind.VIDEO) {
            return List.of();
        }
        List<String> offered = m.rtcpFeedback(payloadType).stream()
                .map(f -> f.parameter() == null ? f.feedbackType() : f.feedbackType() + ' ' + f.parameter())
                .toList();
        return VP8_FEEDBACK.stream().filter(offered::contains).toList();
    }

    /** The extension URIs Canal accepts for {@code kind}. */
    public static List<String> extensionUris(MediaKind kind) {
        return kind == MediaKind.AUDIO ? List.of(MID_URI, AUDIO_LEVEL_URI) : List.of(MID_URI);
    }
}

package org.canal.signaling.sdp;

import java.util.List;
import org.canal.media.api.Codec;
import org.canal.media.api.LocalTransport;
import org.canal.media.api.MediaKind;
import org.canal.protocol.sdp.Direction;
import org.canal.protocol.sdp.MediaDescription;
import org.canal.protocol.sdp.Origin;
import org.canal.protocol.sdp.SdpAttribute;
import org.canal.protocol.sdp.SdpLine;
import org.canal.protocol.sdp.SessionDescription;

/**
 * Canal's offer on a subscriber's subscribe connection (RFC 8829 sections 5.2.1 and 5.2.2): ICE-lite,
 * {@code a=setup:actpass} (the browser answers active, so Canal stays the DTLS server), one BUNDLE
 * group of every section not rejected, and per section Canal's own payload type (Opus 111, VP8 96)
 * and extension ids (mid 1, audio level 2). An active section is {@code sendonly} and declares its
 * SSRC with a cname and {@code a=msid:<participant> <label>} (RFC 8830), so the browser groups a
 * participant's tracks into one stream; an inactive one is {@code inactive}; a rejected one keeps
 * port 0 (RFC 8829 section 5.2.2).
 *
 * <p>Stateless; any thread.
 */
public final class SubscribeOfferWriter {
    private SubscribeOfferWriter() {}

    public static SessionDescription offer(Origin origin, LocalTransport local, List<SubscribeSection> sections) {
        List<String> bundle = sections.stream().filter(s -> !s.rejected()).map(SubscribeSection::mid).toList();
        SessionDescription.Builder sd = SessionDescription.builder(origin)
                .line(SdpAttribute.Flag.ICE_LITE)
                .line(new SdpAttribute.Group("BUNDLE", bundle))
                .line(new SdpAttribute.MsidSemantic("WMS *"));
        for (SubscribeSection s : sections) {
            sd.media(s.rejected() ? rejected(s) : section(s, local));
        }
        return sd.build();
    }

    private static MediaDescription section(SubscribeSection s, LocalTransport local) {
        String media = s.kind() == MediaKind.AUDIO ? "audio" : "video";
        Codec codec = SupportedCodecs.offered(s.kind());
        MediaDescription.Builder b = MediaDescription.builder(media, TransportLines.port(local), TransportLines.PROTO);
        b.format(Integer.toString(codec.payloadType()));
        b.line(TransportLines.connection(local));
        b.line(new SdpAttribute.Mid(s.mid()));
        TransportLines.credentials(b, local, SdpAttribute.Role.ACTPASS);
        b.line(new SdpAttribute.Extmap(SupportedCodecs.MID_EXTENSION_ID, SupportedCodecs.MID_URI));
        if (s.kind() == MediaKind.AUDIO) {
            b.line(new SdpAttribute.Extmap(SupportedCodecs.AUDIO_LEVEL_EXTENSION_ID, SupportedCodecs.AUDIO_LEVEL_URI));
        }
        if (s.active()) {
            b.direction(Direction.SENDONLY);
            b.line(new SdpAttribute.Msid(s.track().participant(), s.track().label()));
        } else {
            b.direction(Direction.INACTIVE);
        }
        b.line(SdpAttribute.Flag.RTCP_MUX);
        PublishAnswerBuilder.writeCodec(b, codec);
        if (s.active()) {
            b.line(new SdpAttribute.Ssrc(s.ssrc(), "cname", s.track().participant()));
            b.line(new SdpAttribute.Ssrc(s.ssrc(), "msid", s.track().participant() + ' ' + s.track().label()));
        }
        TransportLines.candidates(b, local);
        return b.build();
    }

    private static MediaDescription rejected(SubscribeSection s) {
        Codec codec = SupportedCodecs.offered(s.kind());
        MediaDescription.Builder b = MediaDescription.builder(s.kind() == MediaKind.AUDIO ? "audio" : "video", 0,
                TransportLines.PROTO);
        b.format(Integer.toString(codec.payloadType()));
        b.line(SdpLine.Connection.ip4("0.0.0.0"));
        b.line(new SdpAttribute.Mid(s.mid()));
        b.direction(Direction.INACTIVE);
        b.line(SdpAttribute.Flag.RTCP_MUX);
        PublishAnswerBuilder.writeCodec(b, codec);
        return b.build();
    }
}

package org.canal.signaling.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.canal.media.api.Codec;
import org.canal.media.api.HeaderExtension;
import org.canal.media.api.LocalTransport;
import org.canal.media.api.MediaKind;
import org.canal.media.api.PublishedTrack;
import org.canal.protocol.sdp.Direction;
import org.canal.protocol.sdp.MediaDescription;
import org.canal.protocol.sdp.Origin;
import org.canal.protocol.sdp.SdpAttribute;
import org.canal.protocol.sdp.SdpLine;
import org.canal.protocol.sdp.SessionDescription;

/**
 * Canal's answer to a browser's offer on its publish connection (RFC 8829 section 5.3, RFC 3264
 * section 6). One answer section per offer section, in order. A section is accepted when it is
 * audio or video over UDP/TLS/RTP/SAVPF with rtcp-mux, belongs to the offer's BUNDLE group and
 * offers Canal's codec for its kind (port 0 is fine with {@code a=bundle-only}, which Firefox writes
 * for every section but the first under max-bundle, RFC 8843 section 6); it is answered {@code recvonly} (the browser sends) or
 * {@code inactive} (the browser offered recvonly or inactive). Anything else is rejected with port 0
 * (RFC 3264 section 6), data channels included. Canal is ICE-lite (RFC 8445 section 2.5) and the
 * DTLS server ({@code a=setup:passive}, RFC 8842 section 5.3); rid and simulcast are not answered, so
 * the browser sends one encoding (RFC 8853 section 5.3).
 *
 * <p>Stateless; any thread.
 */
public final class PublishAnswerBuilder {
    private PublishAnswerBuilder() {}

    /**
     * @param sessionId the participant's session id; track ids are {@code sessionId + ":" + mid}
     * @param origin the answer's o= line (JSEP: same session id across renegotiations, increasing version)
     */
    public static PublishNegotiation answer(SessionDescription offer, LocalTransport local, String sessionId,
            Origin origin) throws SdpNegotiationException {
        List<String> bundle = offer.bundleMids();
        List<MediaDescription> answered = new ArrayList<>();
        List<PublishedTrack> tracks = new ArrayList<>();
        List<String> acceptedMids = new ArrayList<>();
        MediaDescription transportSection = null;
        for (MediaDescription m : offer.media()) {
            String mid = m.mid().orElseThrow(() -> new SdpNegotiationException("every media section needs an a=mid"));
            Optional<MediaKind> kind = SupportedCodecs.kind(m);
            Optional<Integer> pt = kind.flatMap(k -> SupportedCodecs.findPayloadType(m, k));
            boolean acceptable = kind.isPresent() && pt.isPresent() && (m.port() != 0 || m.bundleOnly())
                    && TransportLines.PROTO.equals(m.proto()) && m.rtcpMux() && bundle.contains(mid);
            if (!acceptable) {
                answered.add(rejected(m, mid));
                continue;
            }
            if (transportSection == null) {
                transportSection = m;
            }
            boolean browserSends = m.direction() == Direction.SENDRECV || m.direction() == Direction.SENDONLY;
            Accepted a = accept(m, mid, kind.get(), pt.get(), local, browserSends);
            answered.add(a.section());
            acceptedMids.add(mid);
            if (browserSends) {
                tracks.add(new PublishedTrack(sessionId + ':' + mid, mid, kind.get(), List.of(a.codec()),
                        a.extensions(), m.rids().isEmpty() ? primarySsrc(m) : 0));
            }
        }
        if (transportSection == null) {
            throw new SdpNegotiationException(
                    "the offer has no BUNDLEd audio or video section with rtcp-mux offering Opus 48000/2 or VP8");
        }
        Optional<SdpAttribute.Role> role = TransportLines.setup(offer, transportSection);
        if (role.isEmpty() || !(role.get() == SdpAttribute.Role.ACTPASS || role.get() == SdpAttribute.Role.ACTIVE)) {
            throw new SdpNegotiationException("the offer must let Canal be the DTLS server (a=setup:actpass or active)");
        }
        SessionDescription.Builder answer = SessionDescription.builder(origin)
                .line(SdpAttribute.Flag.ICE_LITE)
                .line(new SdpAttribute.Group("BUNDLE", acceptedMids));
        answered.forEach(answer::media);
        return new PublishNegotiation(answer.build(), TransportLines.remote(offer, transportSection), tracks);
    }

    private record Accepted(MediaDescription section, Codec codec, List<HeaderExtension> extensions) {}

    private static Accepted accept(MediaDescription m, String mid, MediaKind kind, int pt, LocalTransport local,
            boolean browserSends) {
        Codec codec = SupportedCodecs.codec(kind, pt, SupportedCodecs.supportedFeedback(m, pt, kind));
        List<HeaderExtension> extensions = new ArrayList<>();
        for (String uri : SupportedCodecs.extensionUris(kind)) {
            m.extmaps().stream()
                    .filter(e -> e.uri().equals(uri))
                    .filter(e -> e.direction() == null || e.direction() == Direction.SENDRECV
                            || e.direction() == Direction.SENDONLY)
                    .findFirst()
                    .ifPresent(e -> extensions.add(new HeaderExtension(e.id(), uri)));
        }
        MediaDescription.Builder b = MediaDescription.builder(m.media(), TransportLines.port(local), TransportLines.PROTO);
        b.format(Integer.toString(pt));
        b.line(TransportLines.connection(local));
        b.line(new SdpAttribute.Mid(mid));
        TransportLines.credentials(b, local, SdpAttribute.Role.PASSIVE);
        extensions.forEach(e -> b.line(new SdpAttribute.Extmap(e.id(), e.uri())));
        b.direction(browserSends ? Direction.RECVONLY : Direction.INACTIVE);
        b.line(SdpAttribute.Flag.RTCP_MUX);
        writeCodec(b, codec);
        TransportLines.candidates(b, local);
        return new Accepted(b.build(), codec, extensions);
    }

    /** The rtpmap, fmtp and rtcp-fb lines of {@code codec} (the m= line's format is added separately). */
    static void writeCodec(MediaDescription.Builder b, Codec codec) {
        b.line(new SdpAttribute.Rtpmap(codec.payloadType(), codec.name(), codec.clockRate(),
                codec.channels() > 1 ? codec.channels() : 0));
        if (codec.fmtp() != null) {
            b.line(new SdpAttribute.Fmtp(codec.payloadType(), codec.fmtp()));
        }
        for (String fb : codec.rtcpFeedback()) {
            int space = fb.indexOf(' ');
            b.line(new SdpAttribute.RtcpFb(codec.payloadType(), space < 0 ? fb : fb.substring(0, space),
                    space < 0 ? null : fb.substring(space + 1)));
        }
    }

    /** A rejected section (RFC 3264 section 6): port 0, the offer's first format, its mid kept. */
    static MediaDescription rejected(MediaDescription m, String mid) {
        MediaDescription.Builder b = MediaDescription.builder(m.media(), 0, m.proto());
        b.format(m.formats().isEmpty() ? "0" : m.formats().get(0));
        b.line(SdpLine.Connection.ip4("0.0.0.0"));
        b.line(new SdpAttribute.Mid(mid));
        b.direction(Direction.INACTIVE);
        return b.build();
    }

    /**
     * The SSRC the browser declared for the section's media (RFC 5576): the first of an FID or SIM
     * group (the others are RTX or simulcast layers, not negotiated), else the first a=ssrc; 0 when
     * it declared none. An offer with rids gets 0 too: which of its SSRCs the browser keeps once
     * simulcast is refused is its choice, and the MID extension ties the packets anyway.
     */
    static long primarySsrc(MediaDescription m) {
        Optional<Long> grouped = m.ssrcGroups().stream().filter(g -> !g.ssrcs().isEmpty())
                .map(g -> g.ssrcs().get(0)).findFirst();
        return grouped.orElseGet(() -> m.ssrcs().stream().map(SdpAttribute.Ssrc::ssrc).findFirst().orElse(0L));
    }
}

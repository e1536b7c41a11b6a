package org.canal.protocol.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.canal.protocol.sdp.SdpAttribute.Candidate;
import org.canal.protocol.sdp.SdpAttribute.Extmap;
import org.canal.protocol.sdp.SdpAttribute.Fingerprint;
import org.canal.protocol.sdp.SdpAttribute.Flag;
import org.canal.protocol.sdp.SdpAttribute.Fmtp;
import org.canal.protocol.sdp.SdpAttribute.Rid;
import org.canal.protocol.sdp.SdpAttribute.RtcpFb;
import org.canal.protocol.sdp.SdpAttribute.Rtpmap;
import org.canal.protocol.sdp.SdpAttribute.Ssrc;
import org.canal.protocol.sdp.SdpAttribute.SsrcGroup;

/**
 * One media section: {@code m=<media> <port>[/<count>] <proto> <fmt> ...} (RFC 8866 section 5.14) and
 * the lines after it, in written order. In JSEP (RFC 8829) each section is one transceiver, named by its
 * {@code a=mid}. The typed accessors read the first line of their kind.
 *
 * <p>{@code portCount} is 0 when the m= line has no {@code /<count>}. Immutable; any thread.
 */
public record MediaDescription(String media, int port, int portCount, String proto, List<String> formats,
                               List<SdpLine> lines) {
    public MediaDescription {
        Objects.requireNonNull(media);
        Objects.requireNonNull(proto);
        formats = List.copyOf(formats);
        lines = List.copyOf(lines);
    }

    /** The text after {@code m=}. */
    public String mediaLineText() {
        return media + ' ' + port + (portCount == 0 ? "" : "/" + portCount) + ' ' + proto + ' ' + String.join(" ", formats);
    }

    /** True for an RTP profile (RTP/AVP, RTP/SAVPF, UDP/TLS/RTP/SAVPF...), whose formats are payload types. */
    public boolean isRtp() {
        return isRtpProto(proto);
    }

    static boolean isRtpProto(String proto) {
        return proto.contains("RTP/");
    }

    public List<SdpAttribute> attributes() {
        return SessionDescription.attributes(lines);
    }

    public <T extends SdpAttribute> List<T> attributes(Class<T> kind) {
        return SessionDescription.attributes(lines, kind);
    }

    public <T extends SdpAttribute> Optional<T> attribute(Class<T> kind) {
        return attributes(kind).stream().findFirst();
    }

    public boolean hasFlag(Flag flag) {
        return lines.contains(flag);
    }

    public Optional<SdpLine.Connection> connection() {
        return lines.stream().filter(SdpLine.Connection.class::isInstance).map(SdpLine.Connection.class::cast).findFirst();
    }

    public Optional<String> mid() {
        return attribute(SdpAttribute.Mid.class).map(SdpAttribute.Mid::id);
    }

    /** The direction attribute, or sendrecv when there is none (RFC 8866 section 6.7). */
    public Direction direction() {
        return attribute(SdpAttribute.MediaDirection.class).map(SdpAttribute.MediaDirection::direction)
                .orElse(Direction.SENDRECV);
    }

    public boolean rtcpMux() {
        return hasFlag(Flag.RTCP_MUX);
    }

    public boolean rtcpRsize() {
        return hasFlag(Flag.RTCP_RSIZE);
    }

    public boolean bundleOnly() {
        return hasFlag(Flag.BUNDLE_ONLY);
    }

    public boolean endOfCandidates() {
        return hasFlag(Flag.END_OF_CANDIDATES);
    }

    public Optional<String> iceUfrag() {
        return attribute(SdpAttribute.IceUfrag.class).map(SdpAttribute.IceUfrag::ufrag);
    }

    public Optional<String> icePwd() {
        return attribute(SdpAttribute.IcePwd.class).map(SdpAttribute.IcePwd::password);
    }

    public Optional<Fingerprint> fingerprint() {
        return attribute(Fingerprint.class);
    }

    public Optional<SdpAttribute.Role> setup() {
        return attribute(SdpAttribute.Setup.class).map(SdpAttribute.Setup::role);
    }

    public List<Extmap> extmaps() {
        return attributes(Extmap.class);
    }

    /** The extmap id negotiated for {@code uri}, if any. */
    public Optional<Integer> extmapId(String uri) {
        return extmaps().stream().filter(e -> e.uri().equals(uri)).map(Extmap::id).findFirst();
    }

    public List<Rtpmap> rtpmaps() {
        return attributes(Rtpmap.class);
    }

    public Optional<Rtpmap> rtpmap(int payloadType) {
        return rtpmaps().stream().filter(r -> r.payloadType() == payloadType).findFirst();
    }

    public Optional<Fmtp> fmtp(int payloadType) {
        return attributes(Fmtp.class).stream().filter(f -> f.payloadType() == payloadType).findFirst();
    }

    /** The feedback for {@code payloadType}, including lines written for every payload type ('*'). */
    public List<RtcpFb> rtcpFeedback(int payloadType) {
        return attributes(RtcpFb.class).stream().filter(f -> f.payloadType() == payloadType
                || f.payloadType() == RtcpFb.ANY_PAYLOAD_TYPE).toList();
    }

    public List<Ssrc> ssrcs() {
        return attributes(Ssrc.class);
    }

    public List<SsrcGroup> ssrcGroups() {
        return attributes(SsrcGroup.class);
    }

    public Optional<SdpAttribute.Msid> msid() {
        return attribute(SdpAttribute.Msid.class);
    }

    public List<Rid> rids() {
        return attributes(Rid.class);
    }

    public Optional<SdpAttribute.Simulcast> simulcast() {
        return attribute(SdpAttribute.Simulcast.class);
    }

    public List<Candidate> candidates() {
        return attributes(Candidate.class);
    }

    public Optional<Integer> sctpPort() {
        return attribute(SdpAttribute.SctpPort.class).map(SdpAttribute.SctpPort::port);
    }

    public Optional<Long> maxMessageSize() {
        return attribute(SdpAttribute.MaxMessageSize.class).map(SdpAttribute.MaxMessageSize::bytes);
    }

    public static Builder builder(String media, int port, String proto) {
        return new Builder(media, port, proto);
    }

    /** Builds a media section for an offer or answer Canal writes; lines come out in the order added. */
    public static final class Builder {
        private final String media;
        private final int port;
        private final String proto;
        private final List<String> formats = new ArrayList<>();
        private final List<SdpLine> lines = new ArrayList<>();

        private Builder(String media, int port, String proto) {
            this.media = media;
            this.port = port;
            this.proto = proto;
        }

        public Builder format(String format) {
            formats.add(format);
            return this;
        }

        /** Adds an RTP payload type to the m= line and its rtpmap (and fmtp when {@code fmtp} is not null). */
        public Builder codec(int payloadType, String encoding, int clockRate, int channels, String fmtp) {
            formats.add(Integer.toString(payloadType));
            lines.add(new Rtpmap(payloadType, encoding, clockRate, channels));
            if (fmtp != null) {
                lines.add(new Fmtp(payloadType, fmtp));
            }
            return this;
        }

        public Builder line(SdpLine line) {
            lines.add(Objects.requireNonNull(line));
            return this;
        }

        public Builder direction(Direction direction) {
            return line(new SdpAttribute.MediaDirection(direction));
        }

        public MediaDescription build() {
            return new MediaDescription(media, port, 0, proto, formats, lines);
        }
    }
}

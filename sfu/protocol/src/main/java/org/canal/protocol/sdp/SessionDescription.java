package org.canal.protocol.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.canal.protocol.MalformedInputException;
import org.canal.protocol.sdp.SdpAttribute.Flag;
import org.canal.protocol.sdp.SdpAttribute.Group;

/**
 * A session description (RFC 8866 section 5): {@code v=0}, the origin, the session name, the session
 * section's other lines in written order (t=, c=, attributes such as {@code group:BUNDLE}, ice-*,
 * fingerprint, setup, msid-semantic), then the media sections. This is what Canal's signaling reads
 * from a browser's offer (RFC 8829 section 5.8) and builds for its answers.
 *
 * <p>Immutable; any thread. {@link #parse(String)} and {@link #write()} round trip a parsed description
 * to the same text when it used CRLF line endings throughout.
 */
public record SessionDescription(Origin origin, String sessionName, List<SdpLine> lines,
                                 List<MediaDescription> media) {
    public static final int VERSION = 0;

    public SessionDescription {
        Objects.requireNonNull(origin);
        Objects.requireNonNull(sessionName);
        lines = List.copyOf(lines);
        media = List.copyOf(media);
    }

    public static SessionDescription parse(String sdp) throws MalformedInputException {
        return SdpParser.parse(sdp);
    }

    /** Parses {@code len} bytes of UTF-8 from {@code buf} at {@code off}; reads nothing outside them. */
    public static SessionDescription parse(byte[] buf, int off, int len) throws MalformedInputException {
        return SdpParser.parse(buf, off, len);
    }

    /** The description as SDP text with CRLF line endings. */
    public String write() {
        return SdpWriter.write(this);
    }

    static List<SdpAttribute> attributes(List<SdpLine> lines) {
        return attributes(lines, SdpAttribute.class);
    }

    static <T extends SdpAttribute> List<T> attributes(List<SdpLine> lines, Class<T> kind) {
        return lines.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    public List<SdpAttribute> attributes() {
        return attributes(lines);
    }

    public <T extends SdpAttribute> Optional<T> attribute(Class<T> kind) {
        return attributes(lines, kind).stream().findFirst();
    }

    public Optional<SdpLine.Timing> timing() {
        return lines.stream().filter(SdpLine.Timing.class::isInstance).map(SdpLine.Timing.class::cast).findFirst();
    }

    public Optional<SdpLine.Connection> connection() {
        return lines.stream().filter(SdpLine.Connection.class::isInstance).map(SdpLine.Connection.class::cast).findFirst();
    }

    public List<Group> groups() {
        return attributes(lines, Group.class);
    }

    /** The mids of the first BUNDLE group (RFC 8843 section 7), or an empty list. */
    public List<String> bundleMids() {
        return groups().stream().filter(g -> g.semantics().equals("BUNDLE")).findFirst().map(Group::ids)
                .orElse(List.of());
    }

    public boolean iceLite() {
        return lines.contains(Flag.ICE_LITE);
    }

    public boolean extmapAllowMixed() {
        return lines.contains(Flag.EXTMAP_ALLOW_MIXED);
    }

    public Optional<String> iceUfrag() {
        return attribute(SdpAttribute.IceUfrag.class).map(SdpAttribute.IceUfrag::ufrag);
    }

    public Optional<String> icePwd() {
        return attribute(SdpAttribute.IcePwd.class).map(SdpAttribute.IcePwd::password);
    }

    public List<String> iceOptions() {
        return attribute(SdpAttribute.IceOptions.class).map(SdpAttribute.IceOptions::options).orElse(List.of());
    }

    public Optional<SdpAttribute.Fingerprint> fingerprint() {
        return attribute(SdpAttribute.Fingerprint.class);
    }

    public Optional<SdpAttribute.Role> setup() {
        return attribute(SdpAttribute.Setup.class).map(SdpAttribute.Setup::role);
    }

    public Optional<SdpAttribute.MsidSemantic> msidSemantic() {
        return attribute(SdpAttribute.MsidSemantic.class);
    }

    /** The media section whose mid is {@code mid}. */
    public Optional<MediaDescription> mediaByMid(String mid) {
        return media.stream().filter(m -> m.mid().filter(mid::equals).isPresent()).findFirst();
    }

    /** A builder whose session section starts with {@code t=0 0}, as JSEP writes (RFC 8829 section 5.2.1). */
    public static Builder builder(Origin origin) {
        return new Builder(origin);
    }

    /** Builds a description for an offer or answer Canal writes; lines come out in the order added. */
    public static final class Builder {
        private final Origin origin;
        private String sessionName = "-";
        private final List<SdpLine> lines = new ArrayList<>(List.of(SdpLine.Timing.UNBOUNDED));
        private final List<MediaDescription> media = new ArrayList<>();

        private Builder(Origin origin) {
            this.origin = Objects.requireNonNull(origin);
        }

        public Builder sessionName(String name) {
            this.sessionName = Objects.requireNonNull(name);
            return this;
        }

        public Builder line(SdpLine line) {
            lines.add(Objects.requireNonNull(line));
            return this;
        }

        public Builder media(MediaDescription m) {
            media.add(Objects.requireNonNull(m));
            return this;
        }

        public SessionDescription build() {
            return new SessionDescription(origin, sessionName, lines, media);
        }
    }
}

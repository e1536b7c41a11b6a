package org.canal.protocol.sdp;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An attribute line {@code a=<name>[:<value>]} (RFC 8866 section 5.13), typed for the attributes a
 * WebRTC SFU reads and writes, and kept as {@link Other} or {@link Flag} otherwise. Each record writes
 * itself back in the grammar of its RFC; {@link SdpAttributeParser} accepts only text that this
 * writing reproduces exactly.
 *
 * <p>Every implementation is an immutable value, safe to share between threads.
 */
public sealed interface SdpAttribute extends SdpLine {

    /** The attribute name, e.g. {@code rtpmap}. */
    String name();

    /** The text after the colon, or null for a property attribute such as {@code a=rtcp-mux}. */
    String valueText();

    @Override
    default char type() {
        return 'a';
    }

    @Override
    default String text() {
        String v = valueText();
        return v == null ? name() : name() + ':' + v;
    }

    /** A property attribute without a value: rtcp-mux, rtcp-rsize, ice-lite, end-of-candidates, bundle-only, extmap-allow-mixed, or one Canal does not know. */
    record Flag(String name) implements SdpAttribute {
        public static final Flag RTCP_MUX = new Flag("rtcp-mux");
        public static final Flag RTCP_RSIZE = new Flag("rtcp-rsize");
        public static final Flag ICE_LITE = new Flag("ice-lite");
        public static final Flag END_OF_CANDIDATES = new Flag("end-of-candidates");
        public static final Flag BUNDLE_ONLY = new Flag("bundle-only");
        public static final Flag EXTMAP_ALLOW_MIXED = new Flag("extmap-allow-mixed");

        public Flag {
            Objects.requireNonNull(name);
        }

        @Override
        public String valueText() {
            return null;
        }
    }

    /** An attribute with a value that Canal does not model (e.g. rtcp, rtcp-xr), kept as written. */
    record Other(String name, String value) implements SdpAttribute {
        public Other {
            Objects.requireNonNull(name);
            Objects.requireNonNull(value);
        }

        @Override
        public String valueText() {
            return value;
        }
    }

    /** {@code a=sendrecv|sendonly|recvonly|inactive} (RFC 8866 section 6.7). */
    record MediaDirection(Direction direction) implements SdpAttribute {
        @Override
        public String name() {
            return direction.token();
        }

        @Override
        public String valueText() {
            return null;
        }
    }

    /** {@code a=group:<semantics> <id>...} (RFC 5888 section 5); BUNDLE per RFC 8843 section 7. */
    record Group(String semantics, List<String> ids) implements SdpAttribute {
        public Group {
            ids = List.copyOf(ids);
        }

        @Override
        public String name() {
            return "group";
        }

        @Override
        public String valueText() {
            return ids.isEmpty() ? semantics : semantics + ' ' + String.join(" ", ids);
        }
    }

    /**
     * {@code a=msid-semantic:<value>} (draft-ietf-mmusic-msid, still written by browsers). Kept as written:
     * Chromium puts a space after the colon, Firefox does not.
     */
    record MsidSemantic(String value) implements SdpAttribute {
        @Override
        public String name() {
            return "msid-semantic";
        }

        @Override
        public String valueText() {
            return value;
        }

        /** The semantic token, e.g. {@code WMS}. */
        public String semantic() {
            List<String> t = List.of(value.strip().split(" +"));
            return t.get(0);
        }
    }

    /** {@code a=ice-ufrag:<ufrag>} (RFC 8839 section 5.4). */
    record IceUfrag(String ufrag) implements SdpAttribute {
        @Override
        public String name() {
            return "ice-ufrag";
        }

        @Override
        public String valueText() {
            return ufrag;
        }
    }

    /** {@code a=ice-pwd:<password>} (RFC 8839 section 5.4). */
    record IcePwd(String password) implements SdpAttribute {
        @Override
        public String name() {
            return "ice-pwd";
        }

        @Override
        public String valueText() {
            return password;
        }
    }

    /** {@code a=ice-options:<option> ...} (RFC 8839 section 5.6), e.g. trickle. */
    record IceOptions(List<String> options) implements SdpAttribute {
        public IceOptions {
            options = List.copyOf(options);
        }

        @Override
        public String name() {
            return "ice-options";
        }

        @Override
        public String valueText() {
            return String.join(" ", options);
        }
    }

    /** {@code a=fingerprint:<hash-func> <XX:XX:...>} (RFC 8122 section 5), the hex kept as written. */
    record Fingerprint(String algorithm, String hex) implements SdpAttribute {
        /** A fingerprint of {@code digest}, written in upper-case hex pairs as browsers do. */
        public static Fingerprint of(String algorithm, byte[] digest) {
            return new Fingerprint(algorithm, HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest));
        }

        @Override
        public String name() {
            return "fingerprint";
        }

        @Override
        public String valueText() {
            return algorithm + ' ' + hex;
        }

        /** The digest bytes. */
        public byte[] bytes() {
            return HexFormat.ofDelimiter(":").parseHex(hex);
        }
    }

    /** The DTLS role of {@code a=setup} (RFC 4145 section 4, RFC 8842 section 5). */
    enum Role {
        ACTPASS, ACTIVE, PASSIVE, HOLDCONN;

        public String token() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** {@code a=setup:actpass|active|passive|holdconn} (RFC 4145 section 4). */
    record Setup(Role role) implements SdpAttribute {
        @Override
        public String name() {
            return "setup";
        }

        @Override
        public String valueText() {
            return role.token();
        }
    }

    /** {@code a=mid:<identification-tag>} (RFC 5888 section 4). */
    record Mid(String id) implements SdpAttribute {
        @Override
        public String name() {
            return "mid";
        }

        @Override
        public String valueText() {
            return id;
        }
    }

    /**
     * {@code a=extmap:<id>[/<direction>] <uri> [<extension attributes>]} (RFC 8285 section 5).
     * {@code direction} and {@code extensionAttributes} are null when absent.
     */
    record Extmap(int id, Direction direction, String uri, String extensionAttributes) implements SdpAttribute {
        public Extmap(int id, String uri) {
            this(id, null, uri, null);
        }

        @Override
        public String name() {
            return "extmap";
        }

        @Override
        public String valueText() {
            return id + (direction == null ? "" : "/" + direction.token()) + ' ' + uri
                    + (extensionAttributes == null ? "" : " " + extensionAttributes);
        }
    }

    /**
     * {@code a=rtpmap:<payload type> <encoding name>/<clock rate>[/<channels>]} (RFC 8866 section 6.6).
     * {@code channels} is 0 when not written (meaning one channel; Firefox writes {@code /1} explicitly).
     */
    record Rtpmap(int payloadType, String encoding, int clockRate, int channels) implements SdpAttribute {
        @Override
        public String name() {
            return "rtpmap";
        }

        @Override
        public String valueText() {
            return payloadType + " " + encoding + '/' + clockRate + (channels == 0 ? "" : "/" + channels);
        }
    }

    /** {@code a=fmtp:<payload type> <format specific parameters>} (RFC 8866 section 6.15). */
    record Fmtp(int payloadType, String parameters) implements SdpAttribute {
        @Override
        public String name() {
            return "fmtp";
        }

        @Override
        public String valueText() {
            return payloadType + " " + parameters;
        }

        /** The {@code key=value} pairs split at ';' (a bare value such as {@code 0-15} maps to ""), in order. */
        public Map<String, String> parameterMap() {
            Map<String, String> m = new LinkedHashMap<>();
            for (String p : parameters.split(";")) {
                int eq = p.indexOf('=');
                m.putIfAbsent(eq < 0 ? p.strip() : p.substring(0, eq).strip(), eq < 0 ? "" : p.substring(eq + 1).strip());
            }
            return m;
        }
    }

    /**
     * {@code a=rtcp-fb:<payload type|*> <type> [<parameter>]} (RFC 4585 section 4.2). {@code payloadType}
     * is {@link #ANY_PAYLOAD_TYPE} for '*'; {@code parameter} is null when absent (e.g. "pli" in "nack pli").
     */
    record RtcpFb(int payloadType, String feedbackType, String parameter) implements SdpAttribute {
        public static final int ANY_PAYLOAD_TYPE = -1;

        @Override
        public String name() {
            return "rtcp-fb";
        }

        @Override
        public String valueText() {
            return (payloadType == ANY_PAYLOAD_TYPE ? "*" : Integer.toString(payloadType)) + ' ' + feedbackType
                    + (parameter == null ? "" : " " + parameter);
        }
    }

    /** {@code a=ssrc:<ssrc> <attribute>[:<value>]} (RFC 5576 section 4.1); {@code value} null when absent. */
    record Ssrc(long ssrc, String attribute, String value) implements SdpAttribute {
        @Override
        public String name() {
            return "ssrc";
        }

        @Override
        public String valueText() {
            return ssrc + " " + attribute + (value == null ? "" : ":" + value);
        }
    }

    /** {@code a=ssrc-group:<semantics> <ssrc>...} (RFC 5576 section 4.2), e.g. FID (RFC 4588) or SIM. */
    record SsrcGroup(String semantics, List<Long> ssrcs) implements SdpAttribute {
        public SsrcGroup {
            ssrcs = List.copyOf(ssrcs);
        }

        @Override
        public String name() {
            return "ssrc-group";
        }

        @Override
        public String valueText() {
            return semantics + ssrcs.stream().map(s -> " " + s).collect(Collectors.joining());
        }
    }

    /** {@code a=msid:<stream id> [<track id>]} (RFC 8830 section 2); {@code appData} null when absent. */
    record Msid(String streamId, String appData) implements SdpAttribute {
        @Override
        public String name() {
            return "msid";
        }

        @Override
        public String valueText() {
            return appData == null ? streamId : streamId + ' ' + appData;
        }
    }

    /**
     * {@code a=rid:<rid-id> send|recv [<restrictions>]} (RFC 8851 section 10); {@code restrictions} is the
     * text after the direction (e.g. {@code pt=96;max-width=640}) or null.
     */
    record Rid(String id, boolean send, String restrictions) implements SdpAttribute {
        @Override
        public String name() {
            return "rid";
        }

        @Override
        public String valueText() {
            return id + (send ? " send" : " recv") + (restrictions == null ? "" : " " + restrictions);
        }
    }

    /** One rid in a simulcast stream's list of alternatives, '~' when paused (RFC 8853 section 5.1). */
    record RidChoice(String rid, boolean paused) {
        @Override
        public String toString() {
            return paused ? "~" + rid : rid;
        }
    }

    /** One direction of {@code a=simulcast}: streams separated by ';', alternatives by ','. */
    record SimulcastStreams(boolean send, List<List<RidChoice>> streams) {
        public SimulcastStreams {
            streams = streams.stream().map(List::copyOf).toList();
        }

        /** The first alternative of each stream, e.g. [q, h, f]. */
        public List<String> firstRids() {
            return streams.stream().map(alts -> alts.get(0).rid()).toList();
        }

        String text() {
            return (send ? "send " : "recv ") + streams.stream()
                    .map(alts -> alts.stream().map(RidChoice::toString).collect(Collectors.joining(",")))
                    .collect(Collectors.joining(";"));
        }
    }

    /** {@code a=simulcast:<send|recv list> [<recv|send list>]} (RFC 8853 section 5.1), in written order. */
    record Simulcast(List<SimulcastStreams> directions) implements SdpAttribute {
        public Simulcast {
            directions = List.copyOf(directions);
        }

        @Override
        public String name() {
            return "simulcast";
        }

        @Override
        public String valueText() {
            return directions.stream().map(SimulcastStreams::text).collect(Collectors.joining(" "));
        }

        /** The send streams, or null. */
        public SimulcastStreams sendStreams() {
            return directions.stream().filter(SimulcastStreams::send).findFirst().orElse(null);
        }

        /** The receive streams, or null. */
        public SimulcastStreams recvStreams() {
            return directions.stream().filter(d -> !d.send()).findFirst().orElse(null);
        }
    }

    /**
     * {@code a=candidate:...} (RFC 8839 section 5.1), read for its leading fields; written back as
     * {@code raw}, the text after the colon, so extensions (generation, network-id, tcptype) survive.
     */
    record Candidate(String foundation, int component, String transport, long priority, String address,
                     int port, String candidateType, String raw) implements SdpAttribute {
        @Override
        public String name() {
            return "candidate";
        }

        @Override
        public String valueText() {
            return raw;
        }
    }

    /** {@code a=sctp-port:<port>} (RFC 8841 section 5). */
    record SctpPort(int port) implements SdpAttribute {
        @Override
        public String name() {
            return "sctp-port";
        }

        @Override
        public String valueText() {
            return Integer.toString(port);
        }
    }

    /** {@code a=max-message-size:<bytes>} (RFC 8841 section 6); 0 means no limit. */
    record MaxMessageSize(long bytes) implements SdpAttribute {
        @Override
        public String name() {
            return "max-message-size";
        }

        @Override
        public String valueText() {
            return Long.toString(bytes);
        }
    }
}

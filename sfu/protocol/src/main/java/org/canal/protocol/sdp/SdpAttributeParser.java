package org.canal.protocol.sdp;

import static org.canal.protocol.sdp.SdpMalformation.BAD_ATTRIBUTE_VALUE;
import static org.canal.protocol.sdp.SdpMalformation.BAD_EXTMAP_ID;
import static org.canal.protocol.sdp.SdpMalformation.BAD_PAYLOAD_TYPE;

import java.util.ArrayList;
import java.util.List;
import org.canal.protocol.MalformedInputException;
import org.canal.protocol.sdp.SdpAttribute.Candidate;
import org.canal.protocol.sdp.SdpAttribute.Extmap;
import org.canal.protocol.sdp.SdpAttribute.Fingerprint;
import org.canal.protocol.sdp.SdpAttribute.Flag;
import org.canal.protocol.sdp.SdpAttribute.Fmtp;
import org.canal.protocol.sdp.SdpAttribute.Group;
import org.canal.protocol.sdp.SdpAttribute.RidChoice;
import org.canal.protocol.sdp.SdpAttribute.Role;
import org.canal.protocol.sdp.SdpAttribute.SimulcastStreams;

/**
 * Turns the text of one {@code a=} line into an {@link SdpAttribute}. Known attributes are checked
 * against their RFC grammar and refused with {@link SdpMalformation#BAD_ATTRIBUTE_VALUE} (or a more
 * precise reason) when they break it; the check is strict enough that the typed record writes back
 * exactly the text it was read from. Unknown attributes are kept as written.
 *
 * <p>Stateless; any thread.
 */
final class SdpAttributeParser {
    static final int MAX_PAYLOAD_TYPE = 127;
    static final int MAX_EXTMAP_ID = 255;
    private static final long MAX_SSRC = 0xFFFF_FFFFL;
    private static final int MAX_FINGERPRINT_BYTES = 64;

    private SdpAttributeParser() {}

    /** {@code text} is what follows {@code a=}; {@code line} numbers the line for the refusal detail. */
    static SdpAttribute parse(String text, int line) throws MalformedInputException {
        int colon = text.indexOf(':');
        String name = colon < 0 ? text : text.substring(0, colon);
        if (colon < 0) {
            Direction d = Direction.fromToken(name);
            return d != null ? new SdpAttribute.MediaDirection(d) : new Flag(name);
        }
        String v = text.substring(colon + 1);
        return switch (name) {
            case "group" -> group(v, line);
            case "msid-semantic" -> new SdpAttribute.MsidSemantic(require(!v.isBlank(), v, line));
            case "ice-ufrag" -> new SdpAttribute.IceUfrag(word(v, line));
            case "ice-pwd" -> new SdpAttribute.IcePwd(word(v, line));
            case "ice-options" -> new SdpAttribute.IceOptions(words(v, line));
            case "fingerprint" -> fingerprint(v, line);
            case "setup" -> setup(v, line);
            case "mid" -> new SdpAttribute.Mid(word(v, line));
            case "extmap" -> extmap(v, line);
            case "rtpmap" -> rtpmap(v, line);
            case "fmtp" -> fmtp(v, line);
            case "rtcp-fb" -> rtcpFb(v, line);
            case "ssrc" -> ssrc(v, line);
            case "ssrc-group" -> ssrcGroup(v, line);
            case "msid" -> msid(v, line);
            case "rid" -> rid(v, line);
            case "simulcast" -> simulcast(v, line);
            case "candidate" -> candidate(v, line);
            case "sctp-port" -> new SdpAttribute.SctpPort((int) number(v, 0, 65535, line));
            case "max-message-size" -> new SdpAttribute.MaxMessageSize(number(v, 0, Long.MAX_VALUE / 10, line));
            default -> new SdpAttribute.Other(name, v);
        };
    }

    static MalformedInputException refusal(SdpMalformation reason, int line, String what) {
        return new MalformedInputException(reason, "line " + line + ": " + what);
    }

    private static String require(boolean ok, String v, int line) throws MalformedInputException {
        if (!ok) {
            throw refusal(BAD_ATTRIBUTE_VALUE, line, "empty or malformed value");
        }
        return v;
    }

    private static String word(String v, int line) throws MalformedInputException {
        return require(SdpTokens.isWord(v), v, line);
    }

    private static List<String> words(String v, int line) throws MalformedInputException {
        List<String> t = SdpTokens.split(v, ' ');
        if (t == null) {
            throw refusal(BAD_ATTRIBUTE_VALUE, line, "empty token in a space-separated list");
        }
        return t;
    }

    private static long number(String v, long min, long max, int line) throws MalformedInputException {
        long n = SdpTokens.number(v, min, max);
        if (n < 0) {
            throw refusal(BAD_ATTRIBUTE_VALUE, line, "expected a number from " + min + " to " + max);
        }
        return n;
    }

    static int payloadType(String v, int line) throws MalformedInputException {
        long n = SdpTokens.number(v, 0, MAX_PAYLOAD_TYPE);
        if (n < 0) {
            throw refusal(BAD_PAYLOAD_TYPE, line, "payload type is not 0-127");
        }
        return (int) n;
    }

    /** Splits at the first space into exactly two non-empty parts, the second possibly holding spaces. */
    private static String[] head(String v, int line) throws MalformedInputException {
        int sp = v.indexOf(' ');
        if (sp <= 0 || sp == v.length() - 1) {
            throw refusal(BAD_ATTRIBUTE_VALUE, line, "expected two space-separated parts");
        }
        return new String[] {v.substring(0, sp), v.substring(sp + 1)};
    }

    private static Group group(String v, int line) throws MalformedInputException {
        List<String> t = words(v, line);
        return new Group(t.get(0), t.subList(1, t.size()));
    }

    private static Fingerprint fingerprint(String v, int line) throws MalformedInputException {
        String[] p = head(v, line);
        String hex = p[1];
        boolean ok = SdpTokens.isWord(p[0]) && hex.length() % 3 == 2 && hex.length() <= MAX_FINGERPRINT_BYTES * 3;
        for (int i = 0; ok && i < hex.length(); i++) {
            char c = hex.charAt(i);
            ok = i % 3 == 2 ? c == ':' : Character.digit(c, 16) >= 0;
        }
        require(ok, v, line);
        return new Fingerprint(p[0], hex);
    }

    private static SdpAttribute.Setup setup(String v, int line) throws MalformedInputException {
        for (Role r : Role.values()) {
            if (r.token().equals(v)) {
                return new SdpAttribute.Setup(r);
            }
        }
        throw refusal(BAD_ATTRIBUTE_VALUE, line, "setup is not actpass, active, passive or holdconn");
    }

    private static Extmap extmap(String v, int line) throws MalformedInputException {
        String[] p = head(v, line);
        String idText = p[0];
        Direction direction = null;
        int slash = idText.indexOf('/');
        if (slash >= 0) {
            direction = Direction.fromToken(idText.substring(slash + 1));
            require(direction != null, v, line);
            idText = idText.substring(0, slash);
        }
        long id = SdpTokens.number(idText, 1, MAX_EXTMAP_ID);
        if (id < 0) {
            throw refusal(BAD_EXTMAP_ID, line, "extmap id is not 1-255");
        }
        int sp = p[1].indexOf(' ');
        String uri = sp < 0 ? p[1] : p[1].substring(0, sp);
        String attrs = sp < 0 ? null : p[1].substring(sp + 1);
        require(!uri.isEmpty() && (attrs == null || !attrs.isEmpty()), v, line);
        return new Extmap((int) id, direction, uri, attrs);
    }

    private static SdpAttribute.Rtpmap rtpmap(String v, int line) throws MalformedInputException {
        String[] p = head(v, line);
        int pt = payloadType(p[0], line);
        List<String> enc = SdpTokens.split(p[1], '/');
        require(enc != null && (enc.size() == 2 || enc.size() == 3) && SdpTokens.isWord(enc.get(0)), v, line);
        int clock = (int) number(enc.get(1), 1, Integer.MAX_VALUE, line);
        int channels = enc.size() == 3 ? (int) number(enc.get(2), 1, 255, line) : 0;
        return new SdpAttribute.Rtpmap(pt, enc.get(0), clock, channels);
    }

    private static Fmtp fmtp(String v, int line) throws MalformedInputException {
        String[] p = head(v, line);
        return new Fmtp(payloadType(p[0], line), p[1]);
    }

    private static SdpAttribute.RtcpFb rtcpFb(String v, int line) throws MalformedInputException {
        String[] p = head(v, line);
        int pt = p[0].equals("*") ? SdpAttribute.RtcpFb.ANY_PAYLOAD_TYPE : payloadType(p[0], line);
        int sp = p[1].indexOf(' ');
        String type = sp < 0 ? p[1] : p[1].substring(0, sp);
        String param = sp < 0 ? null : p[1].substring(sp + 1);
        require(!type.isEmpty() && (param == null || !param.isEmpty()), v, line);
        return new SdpAttribute.RtcpFb(pt, type, param);
    }

    private static SdpAttribute.Ssrc ssrc(String v, int line) throws MalformedInputException {
        String[] p = head(v, line);
        long ssrc = number(p[0], 0, MAX_SSRC, line);
        int colon = p[1].indexOf(':');
        String attr = colon < 0 ? p[1] : p[1].substring(0, colon);
        require(SdpTokens.isWord(attr), v, line);
        return new SdpAttribute.Ssrc(ssrc, attr, colon < 0 ? null : p[1].substring(colon + 1));
    }

    private static SdpAttribute.SsrcGroup ssrcGroup(String v, int line) throws MalformedInputException {
        List<String> t = words(v, line);
        List<Long> ssrcs = new ArrayList<>();
        for (String s : t.subList(1, t.size())) {
            ssrcs.add(number(s, 0, MAX_SSRC, line));
        }
        return new SdpAttribute.SsrcGroup(t.get(0), ssrcs);
    }

    private static SdpAttribute.Msid msid(String v, int line) throws MalformedInputException {
        int sp = v.indexOf(' ');
        if (sp < 0) {
            return new SdpAttribute.Msid(word(v, line), null);
        }
        String[] p = head(v, line);
        return new SdpAttribute.Msid(p[0], p[1]);
    }

    private static SdpAttribute.Rid rid(String v, int line) throws MalformedInputException {
        String[] p = head(v, line);
        int sp = p[1].indexOf(' ');
        String dir = sp < 0 ? p[1] : p[1].substring(0, sp);
        String restrictions = sp < 0 ? null : p[1].substring(sp + 1);
        require((dir.equals("send") || dir.equals("recv")) && (restrictions == null || !restrictions.isEmpty()), v, line);
        return new SdpAttribute.Rid(p[0], dir.equals("send"), restrictions);
    }

    private static SdpAttribute.Simulcast simulcast(String v, int line) throws MalformedInputException {
        List<String> t = words(v, line);
        require(t.size() == 2 || t.size() == 4, v, line);
        List<SimulcastStreams> dirs = new ArrayList<>();
        for (int i = 0; i < t.size(); i += 2) {
            String dir = t.get(i);
            require(dir.equals("send") || dir.equals("recv"), v, line);
            boolean send = dir.equals("send");
            require(dirs.isEmpty() || dirs.get(0).send() != send, v, line);
            List<String> streams = SdpTokens.split(t.get(i + 1), ';');
            require(streams != null, v, line);
            List<List<RidChoice>> parsed = new ArrayList<>();
            for (String stream : streams) {
                List<String> alts = SdpTokens.split(stream, ',');
                require(alts != null, v, line);
                List<RidChoice> choices = new ArrayList<>();
                for (String alt : alts) {
                    boolean paused = alt.startsWith("~");
                    require(alt.length() > (paused ? 1 : 0) && alt.indexOf('~', 1) < 0, v, line);
                    choices.add(new RidChoice(paused ? alt.substring(1) : alt, paused));
                }
                parsed.add(choices);
            }
            dirs.add(new SimulcastStreams(send, parsed));
        }
        return new SdpAttribute.Simulcast(dirs);
    }

    private static Candidate candidate(String v, int line) throws MalformedInputException {
        List<String> t = words(v, line);
        require(t.size() >= 8 && t.get(6).equals("typ"), v, line);
        int component = (int) number(t.get(1), 1, 256, line);
        long priority = number(t.get(3), 0, 0xFFFF_FFFFL, line);
        int port = (int) number(t.get(5), 0, 65535, line);
        return new Candidate(t.get(0), component, t.get(2), priority, t.get(4), port, t.get(7), v);
    }
}

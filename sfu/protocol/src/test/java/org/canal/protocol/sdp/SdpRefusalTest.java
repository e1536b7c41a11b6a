package org.canal.protocol.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import org.canal.protocol.MalformedInputException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Each {@link SdpMalformation} reached by a small input that breaks one rule of RFC 8866 or an attribute RFC. */
class SdpRefusalTest {
    private static final String HEAD = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
    private static final String AUDIO = "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n";
    private static final Set<SdpMalformation> REACHED = EnumSet.noneOf(SdpMalformation.class);

    private static void refused(String sdp, SdpMalformation reason, String line) {
        assertThatThrownBy(() -> SessionDescription.parse(sdp))
                .isInstanceOfSatisfying(MalformedInputException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).contains(line);
                });
        REACHED.add(reason);
    }

    private static void attributeRefused(String attribute, SdpMalformation reason) {
        refused(HEAD + AUDIO + "a=mid:0\r\n" + attribute + "\r\n", reason, "line 7");
    }

    @Test
    void theBaseInputIsAccepted() throws MalformedInputException {
        assertThat(SessionDescription.parse(HEAD + AUDIO + "a=mid:0\r\n").media()).hasSize(1);
    }

    @Test
    void sizeAndCountLimits() {
        refused(HEAD + "a=x:" + "y".repeat(SdpParser.MAX_BYTES) + "\r\n", SdpMalformation.TOO_LARGE, "characters");
        byte[] big = new byte[SdpParser.MAX_BYTES + 1];
        assertThatThrownBy(() -> SessionDescription.parse(big, 0, big.length))
                .isInstanceOfSatisfying(MalformedInputException.class,
                        e -> assertThat(e.reason()).isEqualTo(SdpMalformation.TOO_LARGE));
        refused(HEAD + "a=x\r\n".repeat(SdpParser.MAX_LINES), SdpMalformation.TOO_MANY_LINES, "more than 8192");
        refused(HEAD + "m=audio 9 RTP/AVP 0\r\n".repeat(SdpParser.MAX_MEDIA_SECTIONS + 1),
                SdpMalformation.TOO_MANY_MEDIA_SECTIONS, "line " + (5 + SdpParser.MAX_MEDIA_SECTIONS));
    }

    @Test
    void encodingAndLineSyntax() {
        byte[] latin1 = (HEAD + "s=caf\u00e9\r\n").getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> SessionDescription.parse(latin1, 0, latin1.length))
                .isInstanceOfSatisfying(MalformedInputException.class,
                        e -> assertThat(e.reason()).isEqualTo(SdpMalformation.BAD_ENCODING));
        refused(HEAD + "a=x\u0000y\r\n", SdpMalformation.BAD_ENCODING, "line 5");
        refused(HEAD + "\r\n", SdpMalformation.BAD_LINE_SYNTAX, "line 5");
        refused(HEAD + "A=x\r\n", SdpMalformation.BAD_LINE_SYNTAX, "line 5");
        refused(HEAD + "a=x\ry\r\n", SdpMalformation.BAD_LINE_SYNTAX, "line 5");
    }

    @Test
    void sessionHeader() {
        refused("", SdpMalformation.MISSING_VERSION, "line 1");
        refused("o=- 1 2 IN IP4 127.0.0.1\r\n", SdpMalformation.MISSING_VERSION, "line 1");
        refused("s=-\r\nv=0\r\n", SdpMalformation.LINE_BEFORE_VERSION, "line 1");
        refused("v=1\r\n", SdpMalformation.BAD_VERSION, "line 1");
        refused("v=0\r\ns=-\r\n", SdpMalformation.BAD_ORIGIN, "line 2");
        refused("v=0\r\no=- x 2 IN IP4 127.0.0.1\r\n", SdpMalformation.BAD_ORIGIN, "line 2");
        refused("v=0\r\n", SdpMalformation.BAD_ORIGIN, "line 2");
        refused("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=\r\n", SdpMalformation.BAD_SESSION_NAME, "line 3");
        refused("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n" + AUDIO, SdpMalformation.MISSING_TIMING, "line 4");
        refused("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0\r\n", SdpMalformation.BAD_TIMING, "line 4");
        refused(HEAD + "c=IN IP4\r\n", SdpMalformation.BAD_CONNECTION, "line 5");
        refused(HEAD + "o=- 1 2 IN IP4 127.0.0.1\r\n", SdpMalformation.LINE_OUT_OF_PLACE, "line 5");
        refused(HEAD + AUDIO + "t=0 0\r\n", SdpMalformation.LINE_OUT_OF_PLACE, "line 6");
    }

    @Test
    void mediaLine() {
        refused(HEAD + "m=audio 9 UDP/TLS/RTP/SAVPF\r\n", SdpMalformation.BAD_MEDIA_LINE, "line 5");
        refused(HEAD + "m=audio 70000 UDP/TLS/RTP/SAVPF 111\r\n", SdpMalformation.BAD_MEDIA_LINE, "line 5");
        refused(HEAD + "m=audio 9  UDP/TLS/RTP/SAVPF 111\r\n", SdpMalformation.BAD_MEDIA_LINE, "line 5");
        refused(HEAD + "m=audio 9 UDP/TLS/RTP/SAVPF opus\r\n", SdpMalformation.BAD_PAYLOAD_TYPE, "line 5");
        refused(HEAD + "m=audio 9 UDP/TLS/RTP/SAVPF 128\r\n", SdpMalformation.BAD_PAYLOAD_TYPE, "line 5");
    }

    @Test
    void attributeValues() {
        attributeRefused("a=rtpmap:x opus/48000/2", SdpMalformation.BAD_PAYLOAD_TYPE);
        attributeRefused("a=fmtp:200 apt=96", SdpMalformation.BAD_PAYLOAD_TYPE);
        attributeRefused("a=rtcp-fb:-1 nack", SdpMalformation.BAD_PAYLOAD_TYPE);
        attributeRefused("a=extmap:0 urn:ietf:params:rtp-hdrext:sdes:mid", SdpMalformation.BAD_EXTMAP_ID);
        attributeRefused("a=extmap:256 urn:ietf:params:rtp-hdrext:sdes:mid", SdpMalformation.BAD_EXTMAP_ID);
        attributeRefused("a=extmap:x urn:ietf:params:rtp-hdrext:sdes:mid", SdpMalformation.BAD_EXTMAP_ID);
        attributeRefused("a=extmap:1/sideways urn:x", SdpMalformation.BAD_ATTRIBUTE_VALUE);
        attributeRefused("a=rtpmap:111 opus", SdpMalformation.BAD_ATTRIBUTE_VALUE);
        attributeRefused("a=rtpmap:111 opus/048000", SdpMalformation.BAD_ATTRIBUTE_VALUE);
        attributeRefused("a=setup:sometimes", SdpMalformation.BAD_ATTRIBUTE_VALUE);
        attributeRefused("a=fingerprint:sha-256 AB:CD:E", SdpMalformation.BAD_ATTRIBUTE_VALUE);
        attributeRefused("a=fingerprint:sha-256", SdpMalformation.BAD_ATTRIBUTE_VALUE);
        attributeRefused("a=ssrc:4294967296 cname:x", SdpMalformation.BAD_ATTRIBUTE_VALUE);
        attributeRefused("a=ssrc-group:FID 1 x", SdpMalformation.BAD_ATTRIBUTE_VALUE);
        attributeRefused("a=rid:q both", SdpMalformation.BAD_ATTRIBUTE_VALUE);
        attributeRefused("a=simulcast:send q;;f", SdpMalformation.BAD_ATTRIBUTE_VALUE);
        attributeRefused("a=simulcast:send q recv ~", SdpMalformation.BAD_ATTRIBUTE_VALUE);
        attributeRefused("a=simulcast:send q send h", SdpMalformation.BAD_ATTRIBUTE_VALUE);
        attributeRefused("a=candidate:1 1 udp 1 127.0.0.1 9 host", SdpMalformation.BAD_ATTRIBUTE_VALUE);
        attributeRefused("a=ice-ufrag:", SdpMalformation.BAD_ATTRIBUTE_VALUE);
        attributeRefused("a=mid:a b", SdpMalformation.BAD_ATTRIBUTE_VALUE);
        attributeRefused("a=sctp-port:65536", SdpMalformation.BAD_ATTRIBUTE_VALUE);
    }

    @Test
    void unknownLinesAndAttributesAreKeptInOrder() throws MalformedInputException {
        String sdp = HEAD + "b=AS:30\r\na=x-canal:1 2  3\r\na=x-flag\r\n" + AUDIO + "i=audio\r\na=rtcp:9 IN IP4 0.0.0.0\r\n";
        SessionDescription sd = SessionDescription.parse(sdp);
        assertThat(sd.write()).isEqualTo(sdp);
        assertThat(sd.lines()).containsExactly(new SdpLine.Timing(0, 0), new SdpLine.Other('b', "AS:30"),
                new SdpAttribute.Other("x-canal", "1 2  3"), new SdpAttribute.Flag("x-flag"));
        // RFC 8866 section 5: a parser should accept a bare LF; the writer always writes CRLF.
        assertThat(SessionDescription.parse(sdp.replace("\r\n", "\n")).write()).isEqualTo(sdp);
    }

    @AfterAll
    static void everyReasonWasReached() {
        assertThat(REACHED).containsExactlyInAnyOrder(SdpMalformation.values());
    }
}

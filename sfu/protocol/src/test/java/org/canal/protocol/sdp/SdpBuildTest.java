package org.canal.protocol.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.canal.protocol.MalformedInputException;
import org.canal.protocol.sdp.SdpAttribute.Flag;
import org.canal.protocol.sdp.SdpAttribute.RidChoice;
import org.canal.protocol.sdp.SdpAttribute.Role;
import org.canal.protocol.sdp.SdpAttribute.SimulcastStreams;
import org.junit.jupiter.api.Test;

/** Descriptions built in code, the way Canal writes its answers (RFC 8829 section 5.3), parsed back. */
class SdpBuildTest {
    private static final byte[] DIGEST = new byte[32];

    static {
        for (int i = 0; i < DIGEST.length; i++) {
            DIGEST[i] = (byte) (i * 7 + 1);
        }
    }

    static SessionDescription canalAnswer() {
        MediaDescription audio = MediaDescription.builder("audio", 9, "UDP/TLS/RTP/SAVPF")
                .line(SdpLine.Connection.ip4("0.0.0.0"))
                .line(new SdpAttribute.Mid("0"))
                .line(new SdpAttribute.IceUfrag("cAnL"))
                .line(new SdpAttribute.IcePwd("0123456789abcdefghijklmn"))
                .line(SdpAttribute.Fingerprint.of("sha-256", DIGEST))
                .line(new SdpAttribute.Setup(Role.PASSIVE))
                .direction(Direction.RECVONLY)
                .line(Flag.RTCP_MUX)
                .line(new SdpAttribute.Extmap(4, "urn:ietf:params:rtp-hdrext:sdes:mid"))
                .codec(111, "opus", 48000, 2, "minptime=10;useinbandfec=1")
                .line(new SdpAttribute.RtcpFb(111, "transport-cc", null))
                .line(new SdpAttribute.Candidate("1", 1, "udp", 2130706431L, "127.0.0.1", 10000, "host",
                        "1 1 udp 2130706431 127.0.0.1 10000 typ host"))
                .line(Flag.END_OF_CANDIDATES)
                .build();
        MediaDescription video = MediaDescription.builder("video", 9, "UDP/TLS/RTP/SAVPF")
                .line(SdpLine.Connection.ip4("0.0.0.0"))
                .line(new SdpAttribute.Mid("1"))
                .direction(Direction.RECVONLY)
                .line(Flag.RTCP_MUX)
                .line(Flag.RTCP_RSIZE)
                .line(new SdpAttribute.Extmap(10, Direction.RECVONLY, "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", null))
                .codec(96, "VP8", 90000, 0, null)
                .line(new SdpAttribute.RtcpFb(96, "nack", null))
                .line(new SdpAttribute.RtcpFb(96, "nack", "pli"))
                .codec(97, "rtx", 90000, 0, "apt=96")
                .line(new SdpAttribute.Rid("q", false, null))
                .line(new SdpAttribute.Rid("h", false, null))
                .line(new SdpAttribute.Rid("f", false, "max-width=1280;max-height=720"))
                .line(new SdpAttribute.Simulcast(List.of(new SimulcastStreams(false, List.of(
                        List.of(new RidChoice("q", false)), List.of(new RidChoice("h", false)),
                        List.of(new RidChoice("f", false), new RidChoice("x", true)))))))
                .line(new SdpAttribute.Ssrc(1234, "cname", "canal"))
                .line(new SdpAttribute.SsrcGroup("FID", List.of(1234L, 5678L)))
                .line(new SdpAttribute.Msid("canal-stream", "canal-track"))
                .build();
        return SessionDescription.builder(Origin.jsep(4611686018427387904L, 2))
                .line(new SdpAttribute.Group("BUNDLE", List.of("0", "1")))
                .line(Flag.ICE_LITE)
                .line(new SdpAttribute.MsidSemantic(" WMS"))
                .media(audio)
                .media(video)
                .build();
    }

    @Test
    void writesJsepShapedTextWithCrlf() {
        String text = canalAnswer().write();
        assertThat(text).startsWith("v=0\r\no=- 4611686018427387904 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                + "a=group:BUNDLE 0 1\r\na=ice-lite\r\n");
        assertThat(text).contains("\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n");
        assertThat(text).contains("\r\na=fingerprint:sha-256 01:08:0F:16:");
        assertThat(text).contains("\r\nm=video 9 UDP/TLS/RTP/SAVPF 96 97\r\n");
        assertThat(text).contains("\r\na=simulcast:recv q;h;f,~x\r\n"); // RFC 8853 section 5.1 syntax
        assertThat(text).contains("\r\na=extmap:10/recvonly urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id\r\n");
        assertThat(text).endsWith("a=msid:canal-stream canal-track\r\n");
        assertThat(text.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
    }

    @Test
    void parsesBackToAnEqualModel() throws MalformedInputException {
        SessionDescription built = canalAnswer();
        SessionDescription parsed = SessionDescription.parse(built.write());
        assertThat(parsed).isEqualTo(built);
        assertThat(parsed.iceLite()).isTrue();
        assertThat(parsed.bundleMids()).containsExactly("0", "1");
        MediaDescription audio = parsed.mediaByMid("0").orElseThrow();
        assertThat(audio.fingerprint().orElseThrow().bytes()).isEqualTo(DIGEST);
        assertThat(audio.setup()).contains(Role.PASSIVE);
        assertThat(audio.candidates()).singleElement().satisfies(c -> assertThat(c.port()).isEqualTo(10000));
        MediaDescription video = parsed.mediaByMid("1").orElseThrow();
        assertThat(video.direction()).isEqualTo(Direction.RECVONLY);
        SdpAttribute.SimulcastStreams recv = video.simulcast().orElseThrow().recvStreams();
        assertThat(recv.firstRids()).containsExactly("q", "h", "f");
        assertThat(recv.streams().get(2)).containsExactly(new RidChoice("f", false), new RidChoice("x", true));
        assertThat(video.rids().get(2).restrictions()).isEqualTo("max-width=1280;max-height=720");
        assertThat(video.rtcpFeedback(96)).hasSize(2);
    }

    @Test
    void answersABrowserOfferWithItsOwnPayloadTypesAndMids() throws MalformedInputException {
        SessionDescription offer = SessionDescription.parse(CapturedSdp.text("chromium-offer-simulcast"));
        SessionDescription.Builder answer = SessionDescription.builder(Origin.jsep(1, 1))
                .line(new SdpAttribute.Group("BUNDLE", offer.bundleMids()));
        for (MediaDescription m : offer.media()) {
            SdpAttribute.Rtpmap codec = m.rtpmaps().get(0);
            answer.media(MediaDescription.builder(m.media(), 9, m.proto())
                    .line(new SdpAttribute.Mid(m.mid().orElseThrow()))
                    .direction(m.direction().reversed())
                    .codec(codec.payloadType(), codec.encoding(), codec.clockRate(), codec.channels(), null)
                    .build());
        }
        SessionDescription parsed = SessionDescription.parse(answer.build().write());
        assertThat(parsed.media()).extracting(MediaDescription::direction).containsOnly(Direction.RECVONLY);
        assertThat(parsed.media().get(0).rtpmap(111).orElseThrow().encoding()).isEqualTo("opus");
        assertThat(parsed.media().get(1).rtpmap(96).orElseThrow().encoding()).isEqualTo("VP8");
    }
}

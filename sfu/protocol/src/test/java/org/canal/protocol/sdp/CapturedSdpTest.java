package org.canal.protocol.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.canal.protocol.MalformedInputException;
import org.canal.protocol.sdp.SdpAttribute.RidChoice;
import org.canal.protocol.sdp.SdpAttribute.Role;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.api.Test;

/**
 * Facts read from real browser offers and answers, and their exact round trip. The files are what
 * Chromium 156 and Firefox 153 ESR produced (JSEP, RFC 8829), captured by resources sdp/capture.
 */
class CapturedSdpTest {
    private static final String SDES_MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
    static final List<String> FILES = CapturedSdp.FILES;

    private static SessionDescription parse(String name) throws MalformedInputException {
        return SessionDescription.parse(CapturedSdp.text(name));
    }

    @ParameterizedTest
    @FieldSource("FILES")
    void writesBackTheExactTextItParsed(String name) throws MalformedInputException {
        String text = CapturedSdp.text(name);
        assertThat(text).contains("\r\n").doesNotContain("\r\r");
        assertThat(SessionDescription.parse(text).write()).isEqualTo(text);
        byte[] b = CapturedSdp.bytes(name);
        assertThat(SessionDescription.parse(b, 0, b.length).write()).isEqualTo(text);
    }

    @ParameterizedTest
    @FieldSource("FILES")
    void everyFileHasBundleIceDtlsAndMidsPerJsep(String name) throws MalformedInputException {
        SessionDescription sd = parse(name);
        // RFC 8843 section 7: every section's mid is in the BUNDLE group, in order.
        assertThat(sd.bundleMids()).isEqualTo(sd.media().stream().map(m -> m.mid().orElseThrow()).toList());
        for (MediaDescription m : sd.media()) {
            assertThat(m.iceUfrag()).isPresent();
            assertThat(m.icePwd().orElseThrow().length()).isGreaterThanOrEqualTo(22); // RFC 8839 section 5.4: >= 128 bits
            SdpAttribute.Fingerprint fp = m.fingerprint().or(sd::fingerprint).orElseThrow();
            assertThat(fp.algorithm()).isEqualTo("sha-256");
            assertThat(fp.bytes()).hasSize(32); // RFC 8122 section 5
            assertThat(m.setup()).contains(name.contains("answer") ? Role.ACTIVE : Role.ACTPASS); // RFC 8842 section 5
            if (m.isRtp()) {
                assertThat(m.rtcpMux()).isTrue();
                assertThat(m.extmapId(SDES_MID)).isPresent(); // RFC 8843 section 15.1
            }
        }
    }

    @Test
    void chromiumSimulcastOffer() throws MalformedInputException {
        SessionDescription sd = parse("chromium-offer-simulcast");
        assertThat(sd.origin().username()).isEqualTo("-");
        assertThat(sd.bundleMids()).containsExactly("0", "1");
        assertThat(sd.extmapAllowMixed()).isTrue();
        assertThat(sd.msidSemantic().orElseThrow().semantic()).isEqualTo("WMS");
        MediaDescription audio = sd.media().get(0);
        assertThat(audio.media()).isEqualTo("audio");
        assertThat(audio.proto()).isEqualTo("UDP/TLS/RTP/SAVPF");
        assertThat(audio.direction()).isEqualTo(Direction.SENDONLY);
        assertThat(audio.iceUfrag()).contains("dkRF");
        assertThat(audio.extmapId(SDES_MID)).contains(4);
        assertThat(audio.rtpmap(111).orElseThrow()).isEqualTo(new SdpAttribute.Rtpmap(111, "opus", 48000, 2));
        assertThat(audio.fmtp(111).orElseThrow().parameterMap()).containsEntry("useinbandfec", "1").containsEntry("minptime", "10");
        assertThat(audio.rtcpFeedback(111)).extracting(SdpAttribute.RtcpFb::feedbackType).containsExactly("transport-cc");
        assertThat(audio.candidates()).first().satisfies(c -> {
            assertThat(c.address()).isEqualTo("127.0.0.1");
            assertThat(c.transport()).isEqualTo("udp");
            assertThat(c.component()).isEqualTo(1);
            assertThat(c.candidateType()).isEqualTo("host");
            assertThat(c.port()).isEqualTo(audio.port());
        });

        MediaDescription video = sd.media().get(1);
        assertThat(video.mid()).contains("1");
        assertThat(video.rids()).extracting(SdpAttribute.Rid::id).containsExactly("q", "h", "f");
        assertThat(video.rids()).allMatch(SdpAttribute.Rid::send);
        SdpAttribute.Simulcast sim = video.simulcast().orElseThrow();
        assertThat(sim.sendStreams().firstRids()).containsExactly("q", "h", "f");
        assertThat(sim.recvStreams()).isNull();
        assertThat(video.rtpmap(96).orElseThrow().encoding()).isEqualTo("VP8");
        assertThat(video.rtcpFeedback(96)).extracting(SdpAttribute.RtcpFb::text)
                .contains("rtcp-fb:96 nack", "rtcp-fb:96 nack pli", "rtcp-fb:96 transport-cc");
        assertThat(video.rtpmap(102).orElseThrow().encoding()).isEqualTo("H264");
        assertThat(video.fmtp(102).orElseThrow().parameterMap())
                .containsEntry("packetization-mode", "1").containsEntry("profile-level-id", "42001f");
        assertThat(video.fmtp(97).orElseThrow().parameters()).isEqualTo("apt=96"); // RFC 4588 rtx
        assertThat(video.msid().orElseThrow().streamId()).isEqualTo("8ed99465-1d32-4755-b04f-a2f5a42f785b");
    }

    @Test
    void chromiumPlainOfferHasAFidGroup() throws MalformedInputException {
        MediaDescription video = parse("chromium-offer-plain").media().get(1);
        assertThat(video.direction()).isEqualTo(Direction.SENDRECV);
        SdpAttribute.SsrcGroup fid = video.ssrcGroups().get(0);
        assertThat(fid.semantics()).isEqualTo("FID"); // RFC 5576 section 4.2, RFC 4588
        assertThat(fid.ssrcs()).containsExactly(2090685393L, 863682636L);
        assertThat(video.ssrcs()).filteredOn(s -> s.ssrc() == 2090685393L).extracting(SdpAttribute.Ssrc::attribute)
                .contains("cname", "msid");
        assertThat(video.simulcast()).isEmpty();
    }

    @Test
    void chromiumDataOfferHasAnSctpSection() throws MalformedInputException {
        SessionDescription sd = parse("chromium-offer-data");
        assertThat(sd.bundleMids()).containsExactly("0", "1", "2");
        MediaDescription data = sd.mediaByMid("2").orElseThrow();
        assertThat(data.media()).isEqualTo("application");
        assertThat(data.proto()).isEqualTo("UDP/DTLS/SCTP");
        assertThat(data.formats()).containsExactly("webrtc-datachannel");
        assertThat(data.isRtp()).isFalse();
        assertThat(data.sctpPort()).contains(5000);
        assertThat(data.maxMessageSize()).contains(262144L);
    }

    @Test
    void firefoxSimulcastOffer() throws MalformedInputException {
        SessionDescription sd = parse("firefox-offer-simulcast");
        assertThat(sd.origin().username()).isEqualTo("mozilla...THIS_IS_SDPARTA-99.0");
        assertThat(sd.fingerprint().orElseThrow().bytes()).hasSize(32); // Firefox writes it at session level
        assertThat(sd.iceOptions()).containsExactly("trickle");
        MediaDescription video = sd.media().get(1);
        assertThat(video.simulcast().orElseThrow().sendStreams().streams())
                .containsExactly(List.of(new RidChoice("q", false)), List.of(new RidChoice("h", false)), List.of(new RidChoice("f", false)));
        assertThat(video.rids()).extracting(SdpAttribute.Rid::id).containsExactly("q", "h", "f");
        assertThat(video.ssrcGroups()).hasSize(3).allMatch(g -> g.semantics().equals("FID"));
        assertThat(video.extmaps()).filteredOn(e -> e.id() == 9).singleElement().satisfies(e -> {
            assertThat(e.direction()).isEqualTo(Direction.SENDONLY); // RFC 8285 section 5: "9/sendonly"
            assertThat(e.uri()).isEqualTo("urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id");
        });
        assertThat(video.rtpmap(120).orElseThrow().encoding()).isEqualTo("VP8");
        assertThat(video.endOfCandidates()).isTrue();
        assertThat(sd.media().get(0).rtpmap(9).orElseThrow().channels()).isEqualTo(1); // "G722/8000/1"
    }

    @Test
    void answersAreRecvonlyAndActive() throws MalformedInputException {
        for (String name : List.of("chromium-answer-to-firefox-simulcast", "firefox-answer-to-chromium-simulcast")) {
            SessionDescription sd = parse(name);
            assertThat(sd.media()).allSatisfy(m -> {
                assertThat(m.direction()).isEqualTo(Direction.RECVONLY);
                assertThat(m.setup()).contains(Role.ACTIVE);
            });
        }
        // Chromium answers Firefox's opus payload type 109 with the same number (RFC 3264 section 6.1).
        assertThat(parse("chromium-answer-to-firefox-plain").media().get(0).rtpmap(109).orElseThrow().encoding())
                .isEqualTo("opus");
    }
}

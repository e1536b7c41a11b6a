package org.canal.signaling.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.canal.media.api.Codec;
import org.canal.media.api.HeaderExtension;
import org.canal.media.api.IceCandidate;
import org.canal.media.api.LocalTransport;
import org.canal.media.api.MediaKind;
import org.canal.media.api.PublishedTrack;
import org.canal.media.api.RemoteTransport;
import org.canal.protocol.sdp.Direction;
import org.canal.protocol.sdp.MediaDescription;
import org.canal.protocol.sdp.Origin;
import org.canal.protocol.sdp.SdpAttribute;
import org.canal.protocol.sdp.SessionDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Canal's answers to the real offers captured from Chromium 156 and Firefox 153 ESR (the protocol
 * core's sdp/ resources): written, parsed back with the protocol core, and checked line by line.
 */
class PublishAnswerTest {
    static final String FINGERPRINT =
            "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";
    static final LocalTransport LOCAL = new LocalTransport("t1", "canalUfrag", "canalPasswordOf22chars!", "sha-256",
            FINGERPRINT, List.of(new IceCandidate("127.0.0.1", 40000, 2130706431L)));

    static String captured(String name) throws Exception {
        try (InputStream in = PublishAnswerTest.class.getResourceAsStream("/sdp/" + name + ".sdp")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static PublishNegotiation answer(String name) throws Exception {
        return PublishAnswerBuilder.answer(SessionDescription.parse(captured(name)), LOCAL, "S1", Origin.jsep(42, 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"chromium-offer-plain", "chromium-offer-simulcast", "chromium-offer-data",
            "firefox-offer-plain", "firefox-offer-simulcast"})
    void answersParseBackWithExactlyWhatCanalSupports(String name) throws Exception {
        SessionDescription offer = SessionDescription.parse(captured(name));
        SessionDescription answer = SessionDescription.parse(answer(name).answer().write());

        assertThat(answer.iceLite()).isTrue();
        assertThat(answer.media()).hasSameSizeAs(offer.media());
        assertThat(answer.bundleMids()).containsExactly("0", "1");
        for (int i = 0; i < offer.media().size(); i++) {
            MediaDescription o = offer.media().get(i);
            MediaDescription a = answer.media().get(i);
            assertThat(a.mid()).isEqualTo(o.mid());
            assertThat(a.media()).isEqualTo(o.media());
            if (o.media().equals("application")) {
                assertThat(a.port()).as("data channels are rejected").isZero();
                continue;
            }
            MediaKind kind = o.media().equals("audio") ? MediaKind.AUDIO : MediaKind.VIDEO;
            int pt = SupportedCodecs.findPayloadType(o, kind).orElseThrow();
            assertThat(a.port()).isEqualTo(40000);
            assertThat(a.proto()).isEqualTo("UDP/TLS/RTP/SAVPF");
            assertThat(a.formats()).containsExactly(Integer.toString(pt));
            assertThat(a.rtpmaps()).hasSize(1);
            SdpAttribute.Rtpmap map = a.rtpmap(pt).orElseThrow();
            if (kind == MediaKind.AUDIO) {
                assertThat(List.of(map.encoding(), map.clockRate(), map.channels())).containsExactly("opus", 48000, 2);
                assertThat(a.rtcpFeedback(pt)).isEmpty();
                assertThat(a.extmaps()).extracting(SdpAttribute.Extmap::uri)
                        .containsExactlyInAnyOrder(SupportedCodecs.MID_URI, SupportedCodecs.AUDIO_LEVEL_URI);
            } else {
                assertThat(List.of(map.encoding(), map.clockRate())).containsExactly("VP8", 90000);
                assertThat(a.rtcpFeedback(pt)).extracting(f -> f.feedbackType() + " " + f.parameter())
                        .containsExactly("nack pli", "ccm fir");
                assertThat(a.extmaps()).extracting(SdpAttribute.Extmap::uri).containsExactly(SupportedCodecs.MID_URI);
            }
            for (SdpAttribute.Extmap e : a.extmaps()) {
                assertThat(e.id()).as("the offer's id for %s", e.uri()).isEqualTo(o.extmapId(e.uri()).orElseThrow());
                assertThat(e.direction()).isNull();
            }
            assertThat(a.direction()).isEqualTo(Direction.RECVONLY);
            assertThat(a.rtcpMux()).isTrue();
            assertThat(a.setup()).contains(SdpAttribute.Role.PASSIVE);
            assertThat(a.fingerprint()).contains(new SdpAttribute.Fingerprint("sha-256", FINGERPRINT));
            assertThat(a.iceUfrag()).contains("canalUfrag");
            assertThat(a.icePwd()).contains("canalPasswordOf22chars!");
            assertThat(a.candidates()).singleElement().satisfies(c -> {
                assertThat(c.address()).isEqualTo("127.0.0.1");
                assertThat(c.port()).isEqualTo(40000);
                assertThat(c.transport()).isEqualTo("udp");
                assertThat(c.candidateType()).isEqualTo("host");
                assertThat(c.component()).isEqualTo(1);
            });
            assertThat(a.endOfCandidates()).isTrue();
            assertThat(a.rids()).isEmpty();
            assertThat(a.simulcast()).isEmpty();
            assertThat(a.ssrcs()).isEmpty();
            assertThat(a.msid()).isEmpty();
        }
    }

    @Test
    void chromiumTracksCarryItsPayloadTypesExtensionIdsAndSsrcs() throws Exception {
        PublishNegotiation n = answer("chromium-offer-plain");
        assertThat(n.tracks()).containsExactly(
                new PublishedTrack("S1:0", "0", MediaKind.AUDIO,
                        List.of(new Codec(111, "opus", 48000, 2, "minptime=10;useinbandfec=1", List.of())),
                        List.of(new HeaderExtension(4, SupportedCodecs.MID_URI),
                                new HeaderExtension(1, SupportedCodecs.AUDIO_LEVEL_URI)), 2464541620L),
                new PublishedTrack("S1:1", "1", MediaKind.VIDEO,
                        List.of(new Codec(96, "VP8", 90000, 1, null, List.of("nack pli", "ccm fir"))),
                        List.of(new HeaderExtension(4, SupportedCodecs.MID_URI)), 2090685393L));
        assertThat(n.remote()).isEqualTo(new RemoteTransport("+tr4", "q8iCCj7HVobvPa5CPEYRLRRD", "sha-256",
                "27:77:AF:EB:B5:F8:3C:64:E5:C6:23:D9:8C:12:02:D3:FC:77:42:9F:93:3D:05:A1:EC:E0:D3:9C:60:07:CB:E8"));
    }

    @Test
    void firefoxTracksCarryItsPayloadTypesExtensionIdsAndSsrcs() throws Exception {
        PublishNegotiation n = answer("firefox-offer-plain");
        assertThat(n.tracks()).extracting(t -> t.codecs().get(0).payloadType()).containsExactly(109, 120);
        assertThat(n.tracks().get(0).extensions()).containsExactly(new HeaderExtension(3, SupportedCodecs.MID_URI),
                new HeaderExtension(1, SupportedCodecs.AUDIO_LEVEL_URI));
        assertThat(n.tracks().get(1).extensions()).containsExactly(new HeaderExtension(3, SupportedCodecs.MID_URI));
        assertThat(n.tracks()).extracting(PublishedTrack::ssrc).containsExactly(2902748359L, 2845732142L);
        assertThat(n.remote().iceUfrag()).isEqualTo("76dfe2af");
        assertThat(n.remote().fingerprint()).startsWith("CD:3E:5C:79");
    }

    @Test
    void simulcastOffersGetOneEncodingAndNoSsrcForVideo() throws Exception {
        for (String name : List.of("chromium-offer-simulcast", "firefox-offer-simulcast")) {
            PublishNegotiation n = answer(name);
            assertThat(n.tracks()).hasSize(2);
            assertThat(n.tracks().get(1).ssrc()).as(name).isZero();
            assertThat(n.answer().write()).doesNotContain("a=rid", "a=simulcast");
        }
    }

    @Test
    void bundleOnlySectionsWithPortZeroAreAccepted() throws Exception {
        // Firefox under max-bundle offers every section but the first with port 0 and a=bundle-only
        String offer = captured("firefox-offer-plain").replace("m=video 33101 ", "m=video 0 ")
                .replace("a=mid:1\r\n", "a=mid:1\r\na=bundle-only\r\n");
        PublishNegotiation n = PublishAnswerBuilder.answer(SessionDescription.parse(offer), LOCAL, "S1", Origin.jsep(1, 1));
        assertThat(n.answer().media().get(1).port()).isEqualTo(40000);
        assertThat(n.answer().bundleMids()).containsExactly("0", "1");
        assertThat(n.tracks()).extracting(PublishedTrack::kind).containsExactly(MediaKind.AUDIO, MediaKind.VIDEO);
        String stopped = captured("firefox-offer-plain").replace("m=video 33101 ", "m=video 0 ");
        assertThat(PublishAnswerBuilder.answer(SessionDescription.parse(stopped), LOCAL, "S1", Origin.jsep(1, 1))
                .answer().media().get(1).port()).as("port 0 without bundle-only: a stopped section").isZero();
    }

    @Test
    void dataChannelsAreRejectedAndLeftOutOfTheBundle() throws Exception {
        SessionDescription answer = answer("chromium-offer-data").answer();
        MediaDescription data = answer.media().get(2);
        assertThat(data.port()).isZero();
        assertThat(data.direction()).isEqualTo(Direction.INACTIVE);
        assertThat(answer.bundleMids()).doesNotContain("2");
    }

    @Test
    void aSectionTheBrowserDoesNotSendOnIsAcceptedInactiveWithoutATrack() throws Exception {
        String offer = captured("chromium-offer-plain").replaceFirst("a=sendrecv", "a=inactive");
        PublishNegotiation n = PublishAnswerBuilder.answer(SessionDescription.parse(offer), LOCAL, "S1", Origin.jsep(1, 1));
        assertThat(n.answer().media().get(0).direction()).isEqualTo(Direction.INACTIVE);
        assertThat(n.answer().bundleMids()).containsExactly("0", "1");
        assertThat(n.tracks()).extracting(PublishedTrack::mid).containsExactly("1");
    }

    @Test
    void offersWithNothingCanalCanReceiveAreRefused() throws Exception {
        String noCodec = captured("chromium-offer-plain").replace("opus/48000/2", "foo/48000/2")
                .replace("VP8/90000", "bar/90000");
        assertThatThrownBy(() -> PublishAnswerBuilder.answer(SessionDescription.parse(noCodec), LOCAL, "S1",
                Origin.jsep(1, 1))).isInstanceOf(SdpNegotiationException.class);
        String passive = captured("chromium-offer-plain").replace("a=setup:actpass", "a=setup:passive");
        assertThatThrownBy(() -> PublishAnswerBuilder.answer(SessionDescription.parse(passive), LOCAL, "S1",
                Origin.jsep(1, 1))).isInstanceOf(SdpNegotiationException.class).hasMessageContaining("DTLS server");
        String noBundle = captured("chromium-offer-plain").replace("a=group:BUNDLE 0 1\r\n", "");
        assertThatThrownBy(() -> PublishAnswerBuilder.answer(SessionDescription.parse(noBundle), LOCAL, "S1",
                Origin.jsep(1, 1))).isInstanceOf(SdpNegotiationException.class);
    }
}

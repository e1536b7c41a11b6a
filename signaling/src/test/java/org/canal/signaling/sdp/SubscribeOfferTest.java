package org.canal.signaling.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.canal.media.api.Codec;
import org.canal.media.api.HeaderExtension;
import org.canal.media.api.MediaKind;
import org.canal.media.api.RemoteTransport;
import org.canal.protocol.sdp.Direction;
import org.canal.protocol.sdp.MediaDescription;
import org.canal.protocol.sdp.Origin;
import org.canal.protocol.sdp.SdpAttribute;
import org.canal.protocol.sdp.SessionDescription;
import org.junit.jupiter.api.Test;

/** The subscribe side: sections that keep their mids, Canal's offer, and reading a browser's answer. */
class SubscribeOfferTest {
    static final RemoteTrack ANA_AUDIO = new RemoteTrack("sA:0", "ana", MediaKind.AUDIO, "audio-0");
    static final RemoteTrack ANA_VIDEO = new RemoteTrack("sA:1", "ana", MediaKind.VIDEO, "video-1");
    static final RemoteTrack BO_AUDIO = new RemoteTrack("sB:0", "bo", MediaKind.AUDIO, "audio-0");
    static final RemoteTrack BO_VIDEO = new RemoteTrack("sB:1", "bo", MediaKind.VIDEO, "video-1");

    private final AtomicLong nextSsrc = new AtomicLong(1000);
    private final SubscriberSections sections = new SubscriberSections(nextSsrc::incrementAndGet);

    private SessionDescription offer() throws Exception {
        String text = SubscribeOfferWriter.offer(Origin.jsep(5, 1), PublishAnswerTest.LOCAL, sections.markOffered())
                .write();
        return SessionDescription.parse(text);
    }

    @Test
    void anOfferForTwoRemoteTracksHasTheirSectionsGroupedByParticipant() throws Exception {
        assertThat(sections.reconcile(List.of(ANA_AUDIO, ANA_VIDEO))).isTrue();
        SessionDescription offer = offer();

        assertThat(offer.iceLite()).isTrue();
        assertThat(offer.bundleMids()).containsExactly("0", "1");
        assertThat(offer.media()).hasSize(2);
        MediaDescription audio = offer.media().get(0);
        MediaDescription video = offer.media().get(1);
        assertThat(audio.media()).isEqualTo("audio");
        assertThat(audio.formats()).containsExactly("111");
        assertThat(audio.rtpmap(111)).contains(new SdpAttribute.Rtpmap(111, "opus", 48000, 2));
        assertThat(audio.extmaps()).containsExactly(new SdpAttribute.Extmap(1, SupportedCodecs.MID_URI),
                new SdpAttribute.Extmap(2, SupportedCodecs.AUDIO_LEVEL_URI));
        assertThat(video.formats()).containsExactly("96");
        assertThat(video.rtpmap(96)).contains(new SdpAttribute.Rtpmap(96, "VP8", 90000, 0));
        assertThat(video.rtcpFeedback(96)).extracting(f -> f.feedbackType() + " " + f.parameter())
                .containsExactly("nack pli", "ccm fir");
        assertThat(video.extmaps()).containsExactly(new SdpAttribute.Extmap(1, SupportedCodecs.MID_URI));
        for (MediaDescription m : offer.media()) {
            assertThat(m.direction()).isEqualTo(Direction.SENDONLY);
            assertThat(m.setup()).contains(SdpAttribute.Role.ACTPASS);
            assertThat(m.rtcpMux()).isTrue();
            assertThat(m.fingerprint()).contains(new SdpAttribute.Fingerprint("sha-256", PublishAnswerTest.FINGERPRINT));
            assertThat(m.iceUfrag()).contains("canalUfrag");
            assertThat(m.candidates()).hasSize(1);
            assertThat(m.msid()).map(SdpAttribute.Msid::streamId).contains("ana");
            long ssrc = m.ssrcs().get(0).ssrc();
            assertThat(m.ssrcs()).containsExactly(new SdpAttribute.Ssrc(ssrc, "cname", "ana"),
                    new SdpAttribute.Ssrc(ssrc, "msid", "ana " + m.msid().orElseThrow().appData()));
        }
        assertThat(audio.ssrcs().get(0).ssrc()).isNotEqualTo(video.ssrcs().get(0).ssrc());
        assertThat(audio.msid().orElseThrow().appData()).isNotEqualTo(video.msid().orElseThrow().appData());
    }

    @Test
    void aBrowserAnswerGivesTheTracksToSendWithItsPayloadTypesAndIds() throws Exception {
        sections.reconcile(List.of(ANA_AUDIO, ANA_VIDEO));
        SessionDescription offer = offer();
        List<SubscribeSection> offered = sections.sections();
        SubscribeAnswer answer = SubscribeAnswerReader.read(
                SessionDescription.parse(BrowserAnswers.answer(offer.write())), offered);
        assertThat(answer.remote()).isEqualTo(new RemoteTransport(BrowserAnswers.UFRAG, BrowserAnswers.PWD, "sha-256",
                BrowserAnswers.FINGERPRINT));
        assertThat(answer.rejected()).isEmpty();
        assertThat(answer.accepted().get("0")).isEqualTo(new SubscribeAnswer.Accepted("0",
                new Codec(111, "opus", 48000, 2, SupportedCodecs.OPUS_FMTP, List.of()),
                List.of(new HeaderExtension(1, SupportedCodecs.MID_URI), new HeaderExtension(2, SupportedCodecs.AUDIO_LEVEL_URI))));
        assertThat(answer.accepted().get("1").codec()).isEqualTo(new Codec(96, "VP8", 90000, 1, null,
                List.of("nack pli", "ccm fir")));
    }

    @Test
    void answersThatDoNotMatchTheOfferAreRefused() throws Exception {
        sections.reconcile(List.of(ANA_AUDIO, ANA_VIDEO));
        String offer = offer().write();
        List<SubscribeSection> offered = sections.sections();
        String good = BrowserAnswers.answer(offer);
        assertThatThrownBy(() -> SubscribeAnswerReader.read(SessionDescription.parse(
                good.replace("a=setup:active", "a=setup:passive")), offered))
                .isInstanceOf(SdpNegotiationException.class).hasMessageContaining("setup:active");
        assertThatThrownBy(() -> SubscribeAnswerReader.read(SessionDescription.parse(
                good.replace("a=mid:1", "a=mid:9")), offered)).isInstanceOf(SdpNegotiationException.class);
        assertThatThrownBy(() -> SubscribeAnswerReader.read(SessionDescription.parse(
                good.replace("a=recvonly", "a=sendrecv")), offered)).isInstanceOf(SdpNegotiationException.class);
        assertThatThrownBy(() -> SubscribeAnswerReader.read(SessionDescription.parse(good), offered.subList(0, 1)))
                .isInstanceOf(SdpNegotiationException.class);
    }

    @Test
    void sectionsKeepTheirMidsGoInactiveAndAreReusedOnlyAfterAnOfferSaidSo() throws Exception {
        sections.reconcile(List.of(ANA_AUDIO, ANA_VIDEO));
        offer();
        // Ana leaves, Bo publishes in the same change: Bo cannot take Ana's sections yet
        assertThat(sections.reconcile(List.of(BO_AUDIO, BO_VIDEO))).isTrue();
        assertThat(sections.sections()).extracting(SubscribeSection::mid).containsExactly("0", "1", "2", "3");
        assertThat(sections.sections()).extracting(SubscribeSection::active).containsExactly(false, false, true, true);
        SessionDescription second = offer();
        assertThat(second.media()).extracting(MediaDescription::direction).containsExactly(Direction.INACTIVE,
                Direction.INACTIVE, Direction.SENDONLY, Direction.SENDONLY);
        assertThat(second.media().get(0).ssrcs()).isEmpty();
        assertThat(second.media().get(0).msid()).isEmpty();
        assertThat(second.bundleMids()).containsExactly("0", "1", "2", "3");

        // now Ana comes back: her tracks reuse sections 0 and 1 with new SSRCs
        long oldSsrc = 1001;
        assertThat(sections.reconcile(List.of(BO_AUDIO, BO_VIDEO, ANA_AUDIO, ANA_VIDEO))).isTrue();
        assertThat(sections.sections()).extracting(SubscribeSection::mid).containsExactly("0", "1", "2", "3");
        assertThat(sections.sections().get(0).track()).isEqualTo(ANA_AUDIO);
        assertThat(sections.sections().get(0).ssrc()).isNotEqualTo(oldSsrc);
        assertThat(sections.reconcile(List.of(BO_AUDIO, BO_VIDEO, ANA_AUDIO, ANA_VIDEO))).as("no change").isFalse();
        assertThat(sections.sections()).extracting(SubscribeSection::ssrc).doesNotHaveDuplicates();
    }

    @Test
    void aRejectedSectionStaysRejectedAndItsTrackIsNotOfferedAgain() throws Exception {
        sections.reconcile(List.of(ANA_AUDIO, ANA_VIDEO));
        String offer = offer().write();
        SubscribeAnswer answer = SubscribeAnswerReader.read(
                SessionDescription.parse(BrowserAnswers.answer(offer, List.of("1"))), sections.sections());
        assertThat(answer.rejected()).containsExactly("1");
        assertThat(answer.accepted()).containsOnlyKeys("0");
        sections.markRejected(answer.rejected());
        assertThat(sections.reconcile(List.of(ANA_AUDIO, ANA_VIDEO))).isFalse();
        SessionDescription next = offer();
        assertThat(next.media().get(1).port()).isZero();
        assertThat(next.bundleMids()).containsExactly("0");
    }
}

package org.canal.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.canal.protocol.srtp.SrtpProfile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two real peers on 127.0.0.1 (ice4j agents on both sides, BouncyCastle DTLS client and server, JCE
 * SRTP) connect and exchange SRTP and SRTCP in both directions; every byte arrives intact.
 */
class PeerToPeerTest {
    private static final int PACKETS = 50;
    private static final int WAIT_SECONDS = 30;

    @ParameterizedTest
    @EnumSource(value = SrtpProfile.class, names = {"AEAD_AES_128_GCM", "AES_CM_128_HMAC_SHA1_80"})
    void peersConnectAndExchangeSrtpBothWays(SrtpProfile profile) throws Exception {
        // The offerer offers the browser defaults; the answerer accepts only `profile`, so use_srtp must settle on it.
        try (PeerPair pair = new PeerPair(PeerOptions.defaults(),
                PeerPair.answererOptions().srtpProfiles(profile).build())) {
            CompletableFuture<PeerSession> offering = pair.connectOfferer(pair.answerer.icePwd(),
                    pair.answerer.fingerprint());
            CompletableFuture<PeerSession> answering = pair.connectAnswerer();
            PeerSession offerer = offering.get(WAIT_SECONDS, TimeUnit.SECONDS);
            PeerSession answerer = answering.get(WAIT_SECONDS, TimeUnit.SECONDS);
            System.out.printf("%s: offerer ICE %d ms, DTLS %d ms; answerer ICE %d ms, DTLS %d ms%n", profile,
                    offerer.iceDuration().toMillis(), offerer.dtlsDuration().toMillis(),
                    answerer.iceDuration().toMillis(), answerer.dtlsDuration().toMillis());

            assertThat(offerer.profile()).isEqualTo(profile);
            assertThat(answerer.profile()).isEqualTo(profile);
            assertThat(offerer.remoteAddress()).isEqualTo(pair.answerer.hostCandidate());
            assertThat(answerer.remoteAddress()).isEqualTo(pair.offerer.hostCandidate());

            RtpStreamSource audio = RtpStreamSource.builder(0x1111_2222L, 111, 48_000, 160)
                    .firstSequenceNumber(65_530).mid(1, "0").build();
            RtpStreamSource video = RtpStreamSource.builder(0xCAFE_F00DL, 96, 90_000, 1_100)
                    .packetsPerFrame(5).markFrameEnds(true).build();
            List<byte[]> sentAudio = send(offerer, audio);
            List<byte[]> sentVideo = send(answerer, video);
            byte[] offererReport = receiverReport(0x1111_2222L);
            byte[] answererReport = receiverReport(0xCAFE_F00DL);
            assertThat(offerer.sendRtcp(offererReport, 0, offererReport.length))
                    .isEqualTo(offererReport.length + profile.srtcpOverhead());
            assertThat(answerer.sendRtcp(answererReport, 0, answererReport.length)).isPositive();

            await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() ->
                    pair.answererReceived.rtp.size() == PACKETS && pair.offererReceived.rtp.size() == PACKETS
                    && pair.answererReceived.rtcp.size() == 1 && pair.offererReceived.rtcp.size() == 1);
            assertSameBytes(pair.answererReceived.rtp, sentAudio);
            assertSameBytes(pair.offererReceived.rtp, sentVideo);
            assertThat(pair.answererReceived.rtcp.get(0)).isEqualTo(offererReport);
            assertThat(pair.offererReceived.rtcp.get(0)).isEqualTo(answererReport);
            assertThat(pair.answererReceived.rtp).allMatch(p -> RtpStreamSource.hasPattern(p, 0, p.length));
            assertThat(answerer.rtpReceived()).isEqualTo(PACKETS);
            assertThat(offerer.rtpReceived()).isEqualTo(PACKETS);
            assertThat(offerer.refused() + answerer.refused()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(value = SrtpProfile.class, names = {"AEAD_AES_256_GCM"})
    void answererPicksItsPreferredProfileAmongTheOffered(SrtpProfile preferred) throws Exception {
        try (PeerPair pair = new PeerPair(PeerOptions.defaults(), PeerPair.answererOptions()
                .srtpProfiles(preferred, SrtpProfile.AEAD_AES_128_GCM).build())) {
            CompletableFuture<PeerSession> offering = pair.connectOfferer(pair.answerer.icePwd(),
                    pair.answerer.fingerprint());
            CompletableFuture<PeerSession> answering = pair.connectAnswerer();
            assertThat(offering.get(WAIT_SECONDS, TimeUnit.SECONDS).profile()).isEqualTo(preferred);
            assertThat(answering.get(WAIT_SECONDS, TimeUnit.SECONDS).profile()).isEqualTo(preferred);
        }
    }

    @org.junit.jupiter.api.Test
    void aClosedSessionRefusesToSendAndClosingTwiceIsHarmless() throws Exception {
        try (PeerPair pair = new PeerPair(PeerOptions.defaults(), PeerPair.answererOptions().build())) {
            CompletableFuture<PeerSession> offering = pair.connectOfferer(pair.answerer.icePwd(),
                    pair.answerer.fingerprint());
            CompletableFuture<PeerSession> answering = pair.connectAnswerer();
            PeerSession offerer = offering.get(WAIT_SECONDS, TimeUnit.SECONDS);
            answering.get(WAIT_SECONDS, TimeUnit.SECONDS);
            byte[] buf = new byte[1500];
            int len = RtpStreamSource.builder(5, 96, 90_000, 100).build().next(buf, 0);

            pair.offerer.close();
            pair.offerer.close();
            assertThat(offerer.isClosed()).isTrue();
            assertThatThrownBy(() -> offerer.sendRtp(buf, 0, len)).isInstanceOf(java.io.IOException.class);
        }
    }

    private static List<byte[]> send(PeerSession session, RtpStreamSource source) throws Exception {
        List<byte[]> sent = new ArrayList<>();
        byte[] buf = new byte[1500];
        for (int i = 0; i < PACKETS; i++) {
            int len = source.next(buf, 0);
            sent.add(Arrays.copyOf(buf, len));
            assertThat(session.sendRtp(buf, 0, len)).isEqualTo(len + session.profile().srtpTagLength());
            Thread.sleep(1); // loopback does not reorder, but a burst could overflow ice4j's merging buffers
        }
        return sent;
    }

    private static void assertSameBytes(List<byte[]> received, List<byte[]> sent) {
        assertThat(received).hasSameSizeAs(sent);
        for (int i = 0; i < sent.size(); i++) {
            assertThat(received.get(i)).as("packet %d", i).isEqualTo(sent.get(i));
        }
    }

    /** An RTCP receiver report without report blocks (RFC 3550 section 6.4.2): V=2, RC=0, PT=201, length 1. */
    private static byte[] receiverReport(long ssrc) {
        return new byte[] {(byte) 0x80, (byte) 201, 0, 1,
            (byte) (ssrc >>> 24), (byte) (ssrc >>> 16), (byte) (ssrc >>> 8), (byte) ssrc};
    }

    static Throwable failureOf(CompletableFuture<?> future, int seconds) {
        assertThatThrownBy(() -> future.get(seconds, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        return future.handle((v, e) -> e).join();
    }
}

package org.canal.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.canal.protocol.srtp.SrtpProfile;
import org.junit.jupiter.api.Test;

/**
 * The peer as a browser facing Canal: ICE controlling against an ICE-lite endpoint that never sends
 * checks of its own, DTLS client against a DTLS server that requires its certificate, and SRTP that
 * comes back through the endpoint decrypted intact.
 */
class PeerAgainstIceLiteTest {
    @Test
    void controllingPeerCompletesIceAndDtlsAgainstALiteEndpoint() throws Exception {
        try (IceLiteEchoServer lite = new IceLiteEchoServer(); Peer peer = Peer.create()) {
            lite.start(peer.fingerprint());
            ReceivedPackets received = new ReceivedPackets();
            PeerSession session = peer.connect(lite.ufrag(), lite.pwd(), lite.fingerprint(), lite.candidates(),
                    received).get(30, TimeUnit.SECONDS);
            System.out.printf("against ICE-lite: ICE %d ms, DTLS %d ms, %s%n", session.iceDuration().toMillis(),
                    session.dtlsDuration().toMillis(), session.profile());

            assertThat(session.profile()).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
            assertThat(lite.handshake().get(10, TimeUnit.SECONDS)).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
            assertThat(lite.useCandidates).as("the controlling peer nominated").isPositive();
            assertThat(session.remoteAddress()).isEqualTo(lite.candidates().get(0));

            RtpStreamSource video = RtpStreamSource.builder(0x0102_0304L, 96, 90_000, 1_000).mid(3, "1").build();
            byte[] buf = new byte[1500];
            byte[][] sent = new byte[20][];
            for (int i = 0; i < sent.length; i++) {
                int len = video.next(buf, 0);
                sent[i] = Arrays.copyOf(buf, len);
                session.sendRtp(buf, 0, len);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> received.rtp.size() == sent.length);
            for (int i = 0; i < sent.length; i++) {
                assertThat(received.rtp.get(i)).isEqualTo(sent[i]);
            }
            assertThat(session.refused()).isZero();

            // RFC 7675: after ICE the peer keeps sending binding requests on the selected pair
            // (every ~1 s with this module's test setting, ~15 s by default), or Canal would close it.
            int checks = lite.bindingRequests;
            await().atMost(Duration.ofSeconds(30)).until(() -> lite.bindingRequests >= checks + 2);
        }
    }
}

package org.canal.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.canal.media.api.CallStats;
import org.canal.media.api.LocalTransport;
import org.canal.media.api.MediaCommand;
import org.canal.media.api.MediaEvent;
import org.canal.media.api.MediaException;
import org.canal.media.api.TransportDirection;
import org.canal.protocol.srtp.SrtpProfile;
import org.canal.protocol.stun.StunMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One transport through real UDP on 127.0.0.1: ICE-lite, DTLS 1.2 with use_srtp, typed refusals. */
class MediaTransportTest {
    private static MediaNode node;

    @BeforeAll
    static void start() throws Exception {
        node = new MediaNode();
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    private static LocalTransport open(String call, String session, TransportDirection direction) throws Exception {
        return node.send(new MediaCommand.OpenTransport(call, session, direction));
    }

    @Test
    void iceThenDtlsCompleteWithAes128Gcm() throws Exception {
        LocalTransport local = open("call-ice-dtls", "s1", TransportDirection.PUBLISH);
        assertThat(local.iceUfrag().length()).isGreaterThanOrEqualTo(4);
        assertThat(local.icePwd().length()).isGreaterThanOrEqualTo(22);
        assertThat(local.fingerprintAlgorithm()).isEqualTo("sha-256");
        assertThat(local.fingerprint()).isEqualTo(node.verticle.fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(local.candidates()).singleElement().satisfies(c -> {
            assertThat(c.address()).isEqualTo("127.0.0.1");
            assertThat(c.port()).isEqualTo(node.verticle.ports().get(0)).isPositive();
        });
        assertThat(node.verticle.nativeTransport()).as("epoll on Linux").isTrue();

        try (TestPeer peer = new TestPeer()) {
            StunMessage response = peer.checkIce(local, true);
            assertThat(peer.responseIsAuthentic(response, local)).isTrue();
            node.send(new MediaCommand.ConnectTransport(local.transportId(), peer.remote()));
            // The peer offers CM_80 first: Canal's own preference (AEAD_AES_128_GCM) decides.
            assertThat(peer.handshake(local)).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);

            MediaEvent.TransportConnected connected = node.nextEvent(MediaEvent.TransportConnected.class, local.transportId());
            assertThat(connected.transportId()).isEqualTo(local.transportId());
            assertThat(connected.srtpProfile()).isEqualTo("AEAD_AES_128_GCM");
            CallStats stats = node.send(new MediaCommand.DescribeCall("call-ice-dtls"));
            assertThat(stats.transports()).singleElement().satisfies(t -> {
                assertThat(t.state()).isEqualTo("CONNECTED");
                assertThat(t.srtpProfile()).isEqualTo("AEAD_AES_128_GCM");
            });
        }
        node.send(new MediaCommand.LeaveCall("call-ice-dtls", "s1"));
    }

    @Test
    void closeNotifyFromThePeerClosesTheTransport() throws Exception {
        LocalTransport local = open("call-close-notify", "s1", TransportDirection.SUBSCRIBE);
        try (TestPeer peer = new TestPeer()) {
            peer.checkIce(local, true);
            node.send(new MediaCommand.ConnectTransport(local.transportId(), peer.remote()));
            peer.handshake(local);
            node.nextEvent(MediaEvent.TransportConnected.class, local.transportId());
            peer.closeDtls();
            assertThat(node.nextEvent(MediaEvent.TransportClosed.class, local.transportId()).reason()).isEqualTo("DTLS_CLOSED");
        }
    }

    @Test
    void aClientHelloBeforeConnectTransportWaitsForTheFingerprint() throws Exception {
        LocalTransport local = open("call-early-dtls", "s1", TransportDirection.SUBSCRIBE);
        try (TestPeer peer = new TestPeer()) {
            peer.checkIce(local, false);
            CompletableFuture<SrtpProfile> handshake = CompletableFuture.supplyAsync(() -> {
                try {
                    return peer.handshake(local, SrtpProfile.AES_CM_128_HMAC_SHA1_80);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300); // the ClientHello is queued on the transport meanwhile
            node.send(new MediaCommand.ConnectTransport(local.transportId(), peer.remote()));
            assertThat(handshake.get(15, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(SrtpProfile.AES_CM_128_HMAC_SHA1_80);
        }
        node.send(new MediaCommand.LeaveCall("call-early-dtls", "s1"));
    }

    @Test
    void aClientCertificateThatDoesNotMatchTheFingerprintIsRefused() throws Exception {
        LocalTransport local = open("call-bad-cert", "s1", TransportDirection.PUBLISH);
        try (TestPeer peer = new TestPeer(); TestPeer impostor = new TestPeer()) {
            peer.checkIce(local, true);
            // The SDP named another certificate than the one the peer presents.
            node.send(new MediaCommand.ConnectTransport(local.transportId(), impostor.remote()));
            assertThatThrownBy(() -> peer.handshake(local)).isInstanceOf(TlsFatalAlertReceived.class)
                    .hasMessageContaining("bad_certificate");
            MediaEvent.TransportClosed closed = node.nextEvent(MediaEvent.TransportClosed.class, local.transportId());
            assertThat(closed.transportId()).isEqualTo(local.transportId());
            assertThat(closed.reason()).isEqualTo("DTLS_FAILED");
        }
    }

    @Test
    void aTransportWithoutConsentChecksCloses() throws Exception {
        try (MediaNode shortConsent = new MediaNode(MediaOptions.defaults().withPort(0)
                .withConsentTimeout(Duration.ofSeconds(1)));
                TestPeer peer = new TestPeer()) {
            LocalTransport local = shortConsent.send(new MediaCommand.OpenTransport("call-consent", "s1", TransportDirection.PUBLISH));
            peer.checkIce(local, true);
            shortConsent.send(new MediaCommand.ConnectTransport(local.transportId(), peer.remote()));
            peer.handshake(local);
            // No further checks: RFC 7675 consent runs out.
            MediaEvent.TransportClosed closed = shortConsent.nextEvent(MediaEvent.TransportClosed.class, local.transportId());
            assertThat(closed.reason()).isEqualTo("CONSENT_EXPIRED");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThatThrownBy(() -> shortConsent.send(new MediaCommand.DescribeCall("call-consent")))
                            .isInstanceOfSatisfying(MediaException.class, e -> assertThat(e.code())
                                    .isEqualTo(MediaException.Code.UNKNOWN_CALL)));
        }
    }

    @Test
    void commandsAreRefusedWithTypedErrors() throws Exception {
        assertThatThrownBy(() -> node.send(new MediaCommand.CloseTransport("nope")))
                .isInstanceOfSatisfying(MediaException.class, e -> assertThat(e.code()).isEqualTo(MediaException.Code.UNKNOWN_TRANSPORT));
        assertThatThrownBy(() -> node.send(new MediaCommand.DescribeCall("nope")))
                .isInstanceOfSatisfying(MediaException.class, e -> assertThat(e.code()).isEqualTo(MediaException.Code.UNKNOWN_CALL));
        LocalTransport publish = open("call-errors", "s1", TransportDirection.PUBLISH);
        assertThatThrownBy(() -> node.send(new MediaCommand.SetSubscribedTracks(publish.transportId(), List.of())))
                .isInstanceOfSatisfying(MediaException.class, e -> assertThat(e.code()).isEqualTo(MediaException.Code.WRONG_DIRECTION));
        assertThatThrownBy(() -> node.send(new MediaCommand.ConnectTransport(publish.transportId(),
                new org.canal.media.api.RemoteTransport("abcd", "0123456789012345678901", "sha-256", "zz"))))
                .isInstanceOfSatisfying(MediaException.class, e -> assertThat(e.code()).isEqualTo(MediaException.Code.INVALID_ARGUMENT));
        node.send(new MediaCommand.CloseTransport(publish.transportId()));
        assertThat(node.nextEvent(MediaEvent.TransportClosed.class, publish.transportId()).reason()).isEqualTo("CLOSED");
    }
}

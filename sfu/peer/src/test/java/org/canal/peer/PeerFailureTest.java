package org.canal.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/** Connections that must not come up: a wrong certificate fingerprint, a wrong ICE password. */
class PeerFailureTest {
    @Test
    void wrongFingerprintFailsTheDtlsHandshakeOnBothSides() throws Exception {
        String someoneElses;
        try (Peer other = Peer.create()) {
            someoneElses = other.fingerprint();
        }
        try (PeerPair pair = new PeerPair(PeerOptions.defaults(), PeerPair.answererOptions().build())) {
            CompletableFuture<PeerSession> offering = pair.connectOfferer(pair.answerer.icePwd(), someoneElses);
            CompletableFuture<PeerSession> answering = pair.connectAnswerer();

            Throwable offererFailure = PeerToPeerTest.failureOf(offering, 30);
            assertThat(offererFailure).isInstanceOf(PeerConnectException.class)
                    .hasMessageContaining("fingerprint");
            assertThat(((PeerConnectException) offererFailure).failure()).isEqualTo(PeerFailure.FINGERPRINT_MISMATCH);

            // The server learns it from the client's bad_certificate alert (RFC 5246 section 7.2.2).
            Throwable answererFailure = PeerToPeerTest.failureOf(answering, 30);
            assertThat(answererFailure).isInstanceOf(PeerConnectException.class)
                    .hasMessageContaining("bad_certificate");
            assertThat(((PeerConnectException) answererFailure).failure()).isEqualTo(PeerFailure.DTLS_FAILED);
        }
    }

    @Test
    void answererRefusesAClientWhoseCertificateIsNotTheSignaledOne() throws Exception {
        String someoneElses;
        try (Peer other = Peer.create()) {
            someoneElses = other.fingerprint();
        }
        try (PeerPair pair = new PeerPair(PeerOptions.defaults(), PeerPair.answererOptions().build())) {
            CompletableFuture<PeerSession> offering = pair.connectOfferer(pair.answerer.icePwd(),
                    pair.answerer.fingerprint());
            CompletableFuture<PeerSession> answering = pair.answerer.connect(pair.offerer.iceUfrag(),
                    pair.offerer.icePwd(), someoneElses, java.util.List.of(pair.offerer.hostCandidate()));

            Throwable answererFailure = PeerToPeerTest.failureOf(answering, 30);
            assertThat(((PeerConnectException) answererFailure).failure()).isEqualTo(PeerFailure.FINGERPRINT_MISMATCH);
            Throwable offererFailure = PeerToPeerTest.failureOf(offering, 30);
            assertThat(offererFailure).hasMessageContaining("bad_certificate");
        }
    }

    @Test
    void wrongIcePasswordNeverCompletesIce() throws Exception {
        Duration iceTimeout = Duration.ofSeconds(4);
        try (PeerPair pair = new PeerPair(PeerOptions.builder().iceTimeout(iceTimeout).build(),
                PeerPair.answererOptions().iceTimeout(iceTimeout).build())) {
            long start = System.nanoTime();
            CompletableFuture<PeerSession> offering = pair.connectOfferer(pair.answerer.icePwd() + "x",
                    pair.answerer.fingerprint());
            CompletableFuture<PeerSession> answering = pair.connectAnswerer();

            // The answerer's checks succeed (the offerer's password is right), but the offerer's all
            // fail MESSAGE-INTEGRITY, so it never nominates: neither side completes ICE.
            Throwable offererFailure = PeerToPeerTest.failureOf(offering, 30);
            Throwable answererFailure = PeerToPeerTest.failureOf(answering, 30);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            System.out.printf("wrong ICE password: offerer %s, answerer %s, after %d ms%n",
                    ((PeerConnectException) offererFailure).failure(),
                    ((PeerConnectException) answererFailure).failure(), took.toMillis());
            assertThat(((PeerConnectException) offererFailure).failure())
                    .isIn(PeerFailure.ICE_FAILED, PeerFailure.ICE_TIMEOUT);
            assertThat(((PeerConnectException) answererFailure).failure())
                    .isIn(PeerFailure.ICE_FAILED, PeerFailure.ICE_TIMEOUT);
        }
    }
}

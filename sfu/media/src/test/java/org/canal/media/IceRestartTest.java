package org.canal.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.canal.media.api.CallStats;
import org.canal.media.api.LocalTransport;
import org.canal.media.api.MediaCommand;
import org.canal.media.api.MediaEvent;
import org.canal.media.api.MediaException;
import org.canal.media.api.TransportDirection;
import org.canal.protocol.rtp.RtpPacket;
import org.canal.protocol.stun.StunMessage;
import org.canal.protocol.stun.StunMessageClass;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ICE restart on a network change, over real sockets: A publishes and B subscribes; each side in
 * turn restarts ICE (new credentials on both ends), moves to a new local port (a NAT rebinding) and
 * nominates it with the new credentials. Media continues with the same DTLS association and SRTP keys
 * (no second handshake), and the old credentials are refused afterwards.
 */
class IceRestartTest {
    private MediaNode node;
    private ConnectedPeer a;
    private ConnectedPeer b;
    private final Random random = new Random(11);
    private int seq = 1;

    @BeforeEach
    void setUp() throws Exception {
        node = new MediaNode();
        a = ConnectedPeer.join(node, "call-restart", "alice", TransportDirection.PUBLISH);
        b = ConnectedPeer.join(node, "call-restart", "bob", TransportDirection.SUBSCRIBE);
        ForwardingTest.publishAndSubscribe(node, a, b);
    }

    @AfterEach
    void tearDown() throws Exception {
        a.close();
        b.close();
        node.close();
    }

    /** A sends one packet; whether B decrypts it (with the keys of the one DTLS handshake). */
    private boolean flows() throws Exception {
        byte[] payload = new byte[300];
        random.nextBytes(payload);
        int s = seq++;
        a.peer().sendRtp(ForwardingTest.packet(ForwardingTest.A_SSRC, s, 1_000L + 3_000L * s, payload));
        byte[] got = b.peer().nextRtp(3_000);
        if (got == null) {
            return false;
        }
        RtpPacket rtp = new RtpPacket();
        return rtp.wrap(got, 0, got.length) && rtp.ssrc() == ForwardingTest.B_SSRC;
    }

    @Test
    void thePublisherRestartsFromANewPortAndKeepsItsKeys() throws Exception {
        assertThat(flows()).isTrue();
        LocalTransport old = a.local();

        // The browser offers new credentials: Canal takes its new ufrag and answers with new ones.
        a.peer().newIceCredentials();
        LocalTransport fresh = node.send(new MediaCommand.RestartIce(a.transportId(), a.peer().ufrag));
        assertThat(fresh.transportId()).isEqualTo(old.transportId());
        assertThat(fresh.iceUfrag()).isNotEqualTo(old.iceUfrag());
        assertThat(fresh.icePwd()).isNotEqualTo(old.icePwd());
        assertThat(fresh.fingerprint()).as("same DTLS certificate").isEqualTo(old.fingerprint());
        assertThat(fresh.candidates()).isEqualTo(old.candidates());

        // Until the new session runs, media and the old pair continue.
        assertThat(flows()).isTrue();

        // The network changes: a new port, silent until its check with the new credentials nominates it.
        a.peer().moveToNewPort();
        assertThat(flows()).as("an unchecked address is not routed").isFalse();
        StunMessage ok = a.peer().checkWhileConnected(fresh.iceUfrag(), fresh.icePwd(), true);
        assertThat(ok).isNotNull();
        assertThat(ok.messageClass()).isEqualTo(StunMessageClass.SUCCESS_RESPONSE);
        assertThat(a.peer().responseIsAuthentic(ok, fresh)).as("mapped to the new port, signed with the new pwd")
                .isTrue();
        b.peer().rtp.clear();
        assertThat(flows()).as("same SRTP keys from the new address").isTrue();
        // Canal's own RTCP (receiver reports) follows the publisher to its new port.
        assertThat(a.peer().rtcp.poll(5, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();

        // The old credentials are refused now (401), and no check of theirs routes a new address.
        StunMessage refused = a.peer().checkWhileConnected(old.iceUfrag(), old.icePwd(), true);
        assertThat(refused).isNotNull();
        assertThat(refused.messageClass()).isEqualTo(StunMessageClass.ERROR_RESPONSE);
        assertThat(errorCode(refused)).isEqualTo(401);

        CallStats.TransportStats stats = transportStats(a.transportId());
        assertThat(stats.iceRestarts()).isEqualTo(1);
        assertThat(stats.iceRestartsCompleted()).isEqualTo(1);
        assertThat(stats.selectedAddressChanges()).isEqualTo(1);
        assertThat(stats.state()).isEqualTo("CONNECTED");
        assertThat(stats.drops()).containsEntry("STUN_WRONG_USERNAME", 1L);
        assertThat(node.events).as("one DTLS handshake per transport").filteredOn(e ->
                e instanceof MediaEvent.TransportConnected && e.transportId().equals(a.transportId())).hasSize(1);
    }

    @Test
    void theSubscriberRestartsOnCanalsOfferAndKeepsReceiving() throws Exception {
        assertThat(flows()).isTrue();
        LocalTransport old = b.local();

        // Canal offers the restart: new local credentials first, the browser's ufrag with its answer.
        LocalTransport fresh = node.send(new MediaCommand.RestartIce(b.transportId(), null));
        assertThat(fresh.iceUfrag()).isNotEqualTo(old.iceUfrag());
        assertThat(fresh.fingerprint()).isEqualTo(old.fingerprint());
        assertThat(flows()).isTrue();
        // a consent check of the old session on the old pair still passes until the new one runs
        StunMessage consent = b.peer().checkWhileConnected(old.iceUfrag(), old.icePwd(), false);
        assertThat(consent).isNotNull();
        assertThat(consent.messageClass()).isEqualTo(StunMessageClass.SUCCESS_RESPONSE);
        b.peer().newIceCredentials();
        node.send(new MediaCommand.ConnectTransport(b.transportId(), b.peer().remote()));

        b.peer().moveToNewPort();
        assertThat(flows()).as("Canal still sends to the old port").isFalse();
        StunMessage ok = b.peer().checkWhileConnected(fresh.iceUfrag(), fresh.icePwd(), true);
        assertThat(ok.messageClass()).isEqualTo(StunMessageClass.SUCCESS_RESPONSE);
        assertThat(flows()).as("B decrypts at its new port with the keys of the first handshake").isTrue();

        CallStats.TransportStats stats = transportStats(b.transportId());
        assertThat(stats.iceRestarts()).isEqualTo(1);
        assertThat(stats.iceRestartsCompleted()).isEqualTo(1);
        assertThat(stats.selectedAddressChanges()).isEqualTo(1);
        assertThat(b.peer().checkWhileConnected(old.iceUfrag(), old.icePwd(), false).messageClass())
                .isEqualTo(StunMessageClass.ERROR_RESPONSE);
    }

    @Test
    void aRestartWithoutANetworkChangeKeepsThePair() throws Exception {
        a.peer().newIceCredentials();
        LocalTransport fresh = node.send(new MediaCommand.RestartIce(a.transportId(), a.peer().ufrag));
        StunMessage ok = a.peer().checkWhileConnected(fresh.iceUfrag(), fresh.icePwd(), true);
        assertThat(ok.messageClass()).isEqualTo(StunMessageClass.SUCCESS_RESPONSE);
        assertThat(flows()).isTrue();
        CallStats.TransportStats stats = transportStats(a.transportId());
        assertThat(stats.iceRestartsCompleted()).isEqualTo(1);
        assertThat(stats.selectedAddressChanges()).isZero();
    }

    @Test
    void aRestartIsRefusedForAnUnknownTransportOrABadUfrag() {
        assertThatThrownBy(() -> node.send(new MediaCommand.RestartIce("tnope", "abcd")))
                .isInstanceOfSatisfying(MediaException.class,
                        e -> assertThat(e.code()).isEqualTo(MediaException.Code.UNKNOWN_TRANSPORT));
        assertThatThrownBy(() -> node.send(new MediaCommand.RestartIce(a.transportId(), "a b!")))
                .isInstanceOfSatisfying(MediaException.class,
                        e -> assertThat(e.code()).isEqualTo(MediaException.Code.INVALID_ARGUMENT));
    }

    private CallStats.TransportStats transportStats(String transportId) throws Exception {
        return node.send(new MediaCommand.DescribeCall("call-restart")).transports().stream()
                .filter(t -> t.transportId().equals(transportId)).findFirst().orElseThrow();
    }

    private static int errorCode(StunMessage m) {
        return m.errorCode();
    }
}

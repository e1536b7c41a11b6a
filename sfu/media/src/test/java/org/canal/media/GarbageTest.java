package org.canal.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.awaitility.Awaitility;
import org.canal.media.api.CallStats;
import org.canal.media.api.MediaCommand;
import org.canal.media.api.NodeStats;
import org.canal.media.api.TransportDirection;
import org.junit.jupiter.api.Test;

/**
 * Garbage at the media port during a live A -> B stream is dropped and counted, and B keeps receiving
 * A's packets: random bytes, truncated STUN/DTLS/RTP, a check with a wrong password, SRTP with a bad tag.
 */
class GarbageTest {
    @Test
    void garbageIsDroppedAndCountedWhileTheStreamGoesOn() throws Exception {
        try (MediaNode node = new MediaNode();
                ConnectedPeer a = ConnectedPeer.join(node, "call-garbage", "alice", TransportDirection.PUBLISH);
                ConnectedPeer b = ConnectedPeer.join(node, "call-garbage", "bob", TransportDirection.SUBSCRIBE);
                DatagramSocket attacker = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            ForwardingTest.publishAndSubscribe(node, a, b);
            InetSocketAddress port = new InetSocketAddress("127.0.0.1", node.verticle.ports().get(0));
            Random random = new Random(42);
            byte[] payload = new byte[300];
            random.nextBytes(payload);

            int seq = 1;
            byte[] validRtp = ForwardingTest.packet(ForwardingTest.A_SSRC, seq++, 0, payload);
            a.peer().sendRtp(validRtp);
            assertThat(b.peer().nextRtp(5_000)).isNotNull();

            for (int round = 0; round < 20; round++) {
                // random bytes from a stranger
                byte[] noise = new byte[1 + random.nextInt(1200)];
                random.nextBytes(noise);
                send(attacker, noise, port);
                // truncated STUN (a header cut short), DTLS (half a record header), RTP (half a fixed header)
                byte[] check = a.peer().bindingRequest(a.local(), a.local().icePwd(), false);
                send(attacker, Arrays.copyOf(check, 12), port);
                send(attacker, new byte[] {22, (byte) 0xFE, (byte) 0xFD, 0, 0, 0}, port);
                send(attacker, Arrays.copyOf(validRtp, 7), port);
                // a complete STUN message whose declared length lies
                byte[] lying = check.clone();
                lying[3] = (byte) (lying[3] + 4);
                send(attacker, lying, port);
                // a binding request for A's transport signed with a wrong password, from the stranger
                send(attacker, a.peer().bindingRequest(a.local(), "this-is-not-the-password", false), port);
                // RTP from an address that never passed ICE
                send(attacker, validRtp, port);
                // SRTP from A's own address with a broken tag
                byte[] forged = a.peer().protectRtp(ForwardingTest.packet(ForwardingTest.A_SSRC, seq++, 90L * seq, payload));
                forged[forged.length - 1] ^= 0x55;
                a.peer().send(forged);
                // and A's real stream goes on
                a.peer().sendRtp(ForwardingTest.packet(ForwardingTest.A_SSRC, seq++, 90L * seq, payload));
            }
            int received = 0;
            while (b.peer().nextRtp(2_000) != null) {
                received++;
                if (received == 20) {
                    break;
                }
            }
            assertThat(received).as("B keeps receiving A's stream").isEqualTo(20);

            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                NodeStats node1 = node.send(new MediaCommand.DescribeNode());
                Map<String, Long> drops = node1.drops();
                assertThat(drops.getOrDefault("UNCLASSIFIABLE", 0L) + drops.getOrDefault("STUN_MALFORMED", 0L)
                        + drops.getOrDefault("UNSUPPORTED_KIND", 0L)).isGreaterThanOrEqualTo(20 * 3);
                assertThat(drops.get("STUN_MALFORMED")).isGreaterThanOrEqualTo(20);
                assertThat(drops.get("UNKNOWN_SENDER")).isGreaterThanOrEqualTo(20);
                assertThat(node1.calls()).isEqualTo(1);
                assertThat(node1.transports()).isEqualTo(2);

                CallStats call = node.send(new MediaCommand.DescribeCall("call-garbage"));
                CallStats.TransportStats publish = call.transports().stream()
                        .filter(t -> t.transportId().equals(a.transportId())).findFirst().orElseThrow();
                assertThat(publish.drops().get("STUN_WRONG_INTEGRITY")).isEqualTo(20);
                assertThat(publish.drops().get("SRTP_AUTHENTICATION_FAILED")).isEqualTo(20);
                assertThat(publish.rtpPacketsReceived()).isEqualTo(21);
                CallStats.TransportStats subscribe = call.transports().stream()
                        .filter(t -> t.transportId().equals(b.transportId())).findFirst().orElseThrow();
                assertThat(subscribe.rtpPacketsSent()).isEqualTo(21);
                assertThat(subscribe.state()).isEqualTo("CONNECTED");
            });
        }
    }

    private static void send(DatagramSocket socket, byte[] datagram, InetSocketAddress to) throws Exception {
        socket.send(new DatagramPacket(datagram, datagram.length, to));
    }
}

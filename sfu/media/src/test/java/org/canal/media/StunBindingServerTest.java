package org.canal.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.awaitility.Awaitility;
import org.canal.media.api.MediaCommand;
import org.canal.media.api.NodeStats;
import org.canal.protocol.stun.StunAttributeType;
import org.canal.protocol.stun.StunMessage;
import org.canal.protocol.stun.StunMessageClass;
import org.canal.protocol.stun.StunMessageWriter;
import org.canal.protocol.stun.StunTransportAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The node's media port as a plain STUN server (RFC 8489): a raw socket that sends a Binding request
 * without credentials gets its own address back in XOR-MAPPED-ADDRESS, in an answer no longer than the
 * request plus that address; requests it must not answer are dropped and counted in {@link NodeStats}.
 */
class StunBindingServerTest {
    private static final int RECEIVE_TIMEOUT_MILLIS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static MediaNode node;
    private static InetSocketAddress mediaPort;

    @BeforeAll
    static void startNode() throws Exception {
        node = new MediaNode();
        mediaPort = new InetSocketAddress("127.0.0.1", node.verticle.ports().get(0));
    }

    @AfterAll
    static void stopNode() throws Exception {
        node.close();
    }

    /** RFC 8489 section 6.3.1.1: the success response carries the request's source in XOR-MAPPED-ADDRESS. */
    @Test
    void aPlainBindingRequestGetsItsOwnAddressBack() throws Exception {
        long answeredBefore = stats().stunBindingsAnswered();
        try (DatagramSocket socket = socket()) {
            for (boolean fingerprint : new boolean[] {true, false}) {
                byte[] id = transactionId();
                byte[] request = bindingRequest(id, fingerprint, -1);
                byte[] response = exchange(socket, request);

                StunMessage message = new StunMessage().parse(response, 0, response.length);
                assertThat(message.messageClass()).isEqualTo(StunMessageClass.SUCCESS_RESPONSE);
                assertThat(message.isBinding()).isTrue();
                assertThat(message.transactionIdEquals(id, 0)).isTrue();
                StunTransportAddress mapped = new StunTransportAddress();
                assertThat(message.xorMappedAddress(mapped)).isTrue();
                assertThat(Arrays.copyOf(mapped.address(), mapped.addressLength()))
                        .isEqualTo(socket.getLocalAddress().getAddress());
                assertThat(mapped.port()).isEqualTo(socket.getLocalPort());
                // No reflection gain: the request's size plus the IPv4 XOR-MAPPED-ADDRESS (12 bytes), nothing more.
                assertThat(response.length).isEqualTo(request.length + 12);
                assertThat(message.find(StunAttributeType.FINGERPRINT) >= 0).isEqualTo(fingerprint);
                if (fingerprint) {
                    assertThat(message.checkFingerprint()).isNull();
                }
                assertThat(message.find(StunAttributeType.MESSAGE_INTEGRITY)).isNegative();
                assertThat(message.find(StunAttributeType.SOFTWARE)).isNegative();
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> stats().stunBindingsAnswered() - answeredBefore == 2);
    }

    /**
     * Malformed or unanswerable requests are dropped and counted, and the server goes on answering: each
     * bad request is followed by a good one, whose answer must be the next datagram the socket gets
     * (one socket, one loop: answers come in the order the requests were handled).
     */
    @Test
    void badRequestsAreDroppedAndCounted() throws Exception {
        Map<String, Long> before = stats().drops();
        long answeredBefore = stats().stunBindingsAnswered();
        try (DatagramSocket socket = socket()) {
            // RFC 8489 section 6.3.1: an unknown comprehension-required attribute (0x7F01): dropped, no 420
            sendThenExpectOnlyTheGoodAnswer(socket, bindingRequest(transactionId(), true, 0x7F01));
            // TURN's REQUESTED-TRANSPORT in a Binding request: Canal is no TURN server
            sendThenExpectOnlyTheGoodAnswer(socket, bindingRequest(transactionId(), false,
                    StunAttributeType.REQUESTED_TRANSPORT));
            // a FINGERPRINT that does not match (section 14.7)
            byte[] badCrc = bindingRequest(transactionId(), true, -1);
            badCrc[badCrc.length - 1] ^= 0x01;
            sendThenExpectOnlyTheGoodAnswer(socket, badCrc);
            // cut short of the length its header declares, and a header whose length lies
            byte[] good = bindingRequest(transactionId(), true, -1);
            sendThenExpectOnlyTheGoodAnswer(socket, Arrays.copyOf(good, good.length - 4));
            byte[] lying = good.clone();
            lying[3] += 4;
            sendThenExpectOnlyTheGoodAnswer(socket, lying);
            // a Binding success response and a Binding indication: not requests
            byte[] response = bindingMessage(StunMessageClass.SUCCESS_RESPONSE, transactionId(), true, -1);
            sendThenExpectOnlyTheGoodAnswer(socket, response);
            sendThenExpectOnlyTheGoodAnswer(socket, bindingMessage(StunMessageClass.INDICATION, transactionId(), true, -1));
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            NodeStats now = stats();
            assertThat(now.stunBindingsAnswered() - answeredBefore).isEqualTo(7);
            assertThat(grew(before, now.drops(), "STUN_BINDING_UNKNOWN_ATTRIBUTE")).isEqualTo(2);
            assertThat(grew(before, now.drops(), "STUN_BINDING_BAD_FINGERPRINT")).isEqualTo(1);
            assertThat(grew(before, now.drops(), "STUN_MALFORMED")).isEqualTo(2);
            assertThat(grew(before, now.drops(), "STUN_NOT_BINDING_REQUEST")).isEqualTo(2);
        });
    }

    private static void sendThenExpectOnlyTheGoodAnswer(DatagramSocket socket, byte[] bad) throws Exception {
        socket.send(new DatagramPacket(bad, bad.length, mediaPort));
        byte[] id = transactionId();
        byte[] answer = exchange(socket, bindingRequest(id, true, -1));
        StunMessage message = new StunMessage().parse(answer, 0, answer.length);
        assertThat(message.transactionIdEquals(id, 0)).as("the first answer is the good request's").isTrue();
    }

    private static long grew(Map<String, Long> before, Map<String, Long> now, String reason) {
        return now.getOrDefault(reason, 0L) - before.getOrDefault(reason, 0L);
    }

    private static NodeStats stats() throws Exception {
        return node.send(new MediaCommand.DescribeNode());
    }

    private static DatagramSocket socket() throws Exception {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        socket.setSoTimeout(RECEIVE_TIMEOUT_MILLIS);
        return socket;
    }

    private static byte[] exchange(DatagramSocket socket, byte[] request) throws Exception {
        socket.send(new DatagramPacket(request, request.length, mediaPort));
        DatagramPacket in = new DatagramPacket(new byte[1500], 1500);
        try {
            socket.receive(in);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer from the media port within " + RECEIVE_TIMEOUT_MILLIS + " ms", e);
        }
        return Arrays.copyOf(in.getData(), in.getLength());
    }

    private static byte[] transactionId() {
        byte[] id = new byte[StunMessage.TRANSACTION_ID_LENGTH];
        RANDOM.nextBytes(id);
        return id;
    }

    /** A Binding request as a browser sends it to a {@code stun:} server: no credentials. */
    private static byte[] bindingRequest(byte[] id, boolean fingerprint, int extraAttribute) {
        return bindingMessage(StunMessageClass.REQUEST, id, fingerprint, extraAttribute);
    }

    private static byte[] bindingMessage(StunMessageClass messageClass, byte[] id, boolean fingerprint, int extraAttribute) {
        byte[] buf = new byte[128];
        StunMessageWriter writer = new StunMessageWriter()
                .start(buf, 0, buf.length, messageClass, StunMessage.METHOD_BINDING, id, 0);
        if (extraAttribute >= 0) {
            writer.attribute(extraAttribute, new byte[] {17, 0, 0, 0}, 0, 4);
        }
        if (fingerprint) {
            writer.fingerprint();
        }
        int n = writer.finish();
        assertThat(n).isPositive();
        return Arrays.copyOf(buf, n);
    }
}

package org.canal.server.browser;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.canal.protocol.stun.StunIntegrityChecker;
import org.canal.protocol.stun.StunMessage;
import org.canal.protocol.stun.StunMessageClass;
import org.canal.protocol.stun.StunMessageWriter;

/**
 * Hostile datagrams for a node's media port, sent from 127.0.0.2 (an address no participant uses):
 * random bytes, truncated STUN, DTLS and RTP, and a binding request for a real ICE username signed
 * with a wrong password. Every one must be dropped and counted without disturbing the call.
 */
public final class GarbageDatagrams {
    private GarbageDatagrams() {}

    /** Sends each kind {@code rounds} times; returns how many datagrams were sent. */
    public static int send(int mediaPort, String nodeIceUfrag, int rounds) throws IOException {
        Random random = new Random(42);
        int sent = 0;
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.2", 0))) {
            InetAddress node = InetAddress.getByName("127.0.0.1");
            for (int round = 0; round < rounds; round++) {
                byte[] noise = new byte[1 + random.nextInt(1400)];
                random.nextBytes(noise);
                for (byte[] datagram : new byte[][] {
                        noise,
                        Arrays.copyOf(wrongPasswordBindingRequest(nodeIceUfrag, random), 13), // truncated STUN
                        {0x16, (byte) 0xfe, (byte) 0xfd, 0, 0, 0, 0},                          // truncated DTLS record
                        {(byte) 0x80, 0x60, 0, 1, 0, 0},                                        // truncated RTP header
                        wrongPasswordBindingRequest(nodeIceUfrag, random)}) {
                    socket.send(new DatagramPacket(datagram, datagram.length, node, mediaPort));
                    sent++;
                }
            }
        }
        return sent;
    }

    /** A well-formed ICE binding request (RFC 8445 section 7.1.2) whose MESSAGE-INTEGRITY uses a wrong key. */
    static byte[] wrongPasswordBindingRequest(String nodeIceUfrag, Random random) {
        byte[] buf = new byte[256];
        byte[] transactionId = new byte[StunMessage.TRANSACTION_ID_LENGTH];
        random.nextBytes(transactionId);
        byte[] username = (nodeIceUfrag + ":intruder").getBytes(StandardCharsets.US_ASCII);
        int length = new StunMessageWriter()
                .start(buf, 0, buf.length, StunMessageClass.REQUEST, StunMessage.METHOD_BINDING, transactionId, 0)
                .username(username, 0, username.length)
                .priority(0x6E7F1EFFL)
                .iceControlling(random.nextLong())
                .useCandidate()
                .messageIntegrity(StunIntegrityChecker.shortTerm("not-the-ice-password-of-anyone"))
                .fingerprint()
                .finish();
        return Arrays.copyOf(buf, length);
    }
}

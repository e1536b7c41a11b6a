package org.canal.media.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import org.canal.protocol.stun.StunAttributeType;
import org.canal.protocol.stun.StunMessage;
import org.canal.protocol.stun.StunMessageClass;
import org.canal.protocol.stun.StunMessageWriter;
import org.canal.protocol.stun.StunTransportAddress;
import org.junit.jupiter.api.Test;

/**
 * The answer {@link StunBindingServer} writes, read back from the loop's scratch buffer of a loop
 * without a socket: for an IPv6 sender (which the loopback-only tests cannot send from) the
 * XOR-MAPPED-ADDRESS is the sender's 16-byte address XOR cookie and transaction id (RFC 8489 section
 * 14.2), and the answer is the request plus 24 bytes.
 */
class StunBindingServerAnswerTest {
    @Test
    void anIpv6SenderGetsItsAddressBackInAnAnswerOnly24BytesLonger() throws Exception {
        MediaLoop loop = new MediaLoop(0, new EngineListener() {
            @Override
            public void transportConnected(Transport transport) {
            }

            @Override
            public void transportClosed(Transport transport, String reason) {
            }
        });
        byte[] id = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        int n = new StunMessageWriter().start(loop.rx, 0, 64, StunMessageClass.REQUEST, StunMessage.METHOD_BINDING, id, 0)
                .finish();
        InetAddress v6 = InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677");
        loop.onDatagram(n, new InetSocketAddress(v6, 32853), 1);

        StunMessage answer = new StunMessage().parse(loop.scratch, 0, n + 24);
        assertThat(answer.length()).isEqualTo(20 + 24);
        assertThat(answer.messageClass()).isEqualTo(StunMessageClass.SUCCESS_RESPONSE);
        assertThat(answer.transactionIdEquals(id, 0)).isTrue();
        StunTransportAddress mapped = new StunTransportAddress();
        assertThat(answer.xorMappedAddress(mapped)).isTrue();
        assertThat(Arrays.copyOf(mapped.address(), mapped.addressLength())).isEqualTo(v6.getAddress());
        assertThat(mapped.port()).isEqualTo(32853);
        assertThat(answer.find(StunAttributeType.FINGERPRINT)).as("the request had none").isNegative();
        long[] counters = new long[3];
        loop.addNodeCounters(new java.util.HashMap<>(), counters);
        assertThat(counters[1]).isEqualTo(1);
    }
}

package org.canal.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.canal.media.api.CallStats;
import org.canal.media.api.LocalTransport;
import org.canal.media.api.MediaCommand;
import org.canal.media.api.TransportDirection;
import org.junit.jupiter.api.Test;

/** Calls are spread over the media loops (least loaded first) and stay on theirs. */
class MediaLoopPlacementTest {
    @Test
    void eachCallLivesOnOneLoopAndAdvertisesThatLoopsPort() throws Exception {
        try (MediaNode node = new MediaNode(MediaOptions.defaults().withPort(0).withLoops(2)
                .withAdvertisedAddresses(List.of("127.0.0.1")))) {
            List<Integer> ports = node.verticle.ports();
            assertThat(ports).hasSize(2).doesNotHaveDuplicates();

            LocalTransport first = node.send(new MediaCommand.OpenTransport("call-1", "s1", TransportDirection.PUBLISH));
            LocalTransport second = node.send(new MediaCommand.OpenTransport("call-2", "s1", TransportDirection.PUBLISH));
            LocalTransport firstAgain = node.send(new MediaCommand.OpenTransport("call-1", "s2", TransportDirection.SUBSCRIBE));

            CallStats call1 = node.send(new MediaCommand.DescribeCall("call-1"));
            CallStats call2 = node.send(new MediaCommand.DescribeCall("call-2"));
            assertThat(call1.loopIndex()).isNotEqualTo(call2.loopIndex());
            assertThat(first.candidates().get(0).port()).isEqualTo(ports.get(call1.loopIndex()));
            assertThat(firstAgain.candidates().get(0).port()).isEqualTo(first.candidates().get(0).port());
            assertThat(second.candidates().get(0).port()).isEqualTo(ports.get(call2.loopIndex()));
            assertThat(call1.transports()).hasSize(2);

            // The same ICE machinery answers on the second loop's socket.
            try (TestPeer peer = new TestPeer()) {
                assertThat(peer.responseIsAuthentic(peer.checkIce(second, true), second)).isTrue();
            }
        }
    }

    @Test
    void theNodeRefusesTransportsBeyondItsLimit() throws Exception {
        try (MediaNode node = new MediaNode(MediaOptions.defaults().withPort(0).withMaxTransports(1))) {
            node.send(new MediaCommand.OpenTransport("call-1", "s1", TransportDirection.PUBLISH));
            org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                    node.send(new MediaCommand.OpenTransport("call-1", "s2", TransportDirection.PUBLISH)))
                    .isInstanceOfSatisfying(org.canal.media.api.MediaException.class,
                            e -> assertThat(e.code()).isEqualTo(org.canal.media.api.MediaException.Code.CAPACITY));
        }
    }
}

package org.canal.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.awaitility.Awaitility;
import org.canal.media.api.CallStats;
import org.canal.media.api.IceCandidate;
import org.canal.media.api.LocalTransport;
import org.canal.media.api.MediaCommand;
import org.canal.media.api.RemoteTransport;
import org.canal.media.api.TransportDirection;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.RemoteCandidate;
import org.ice4j.socket.IceSocketWrapper;
import org.ice4j.socket.IceUdpSocketWrapper;
import org.ice4j.socket.MultiplexingDatagramSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ice4j, an independent full ICE implementation, as the controlling agent against Canal's ICE-lite on
 * 127.0.0.1: its checks must be accepted and Canal's answers must satisfy it, up to nomination.
 */
class Ice4jInteropTest {
    /** Held so the level sticks (java.util.logging keeps loggers weakly). */
    private static final Logger ICE4J_LOG = Logger.getLogger("org.ice4j");
    private static MediaNode node;

    @BeforeAll
    static void start() throws Exception {
        ICE4J_LOG.setLevel(Level.WARNING);
        System.setProperty("ice4j.harvest.mapping.aws.enabled", "false");
        // Host harvesting never takes loopback; allowing only it keeps ice4j off every other interface.
        System.setProperty("ice4j.harvest.allowed-addresses.0", "127.0.0.1");
        System.setProperty("ice4j.harvest.use-ipv6", "false");
        node = new MediaNode();
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    /**
     * ice4j's public createComponent gathers host candidates, and its host harvester never takes
     * loopback, so on a loopback-only test it finds none and throws. This does what it does minus the
     * gathering (IceMediaStream.createComponent, then the agent's connectivity-check server), so the
     * one candidate is the hand-made 127.0.0.1 one.
     */
    private static Component componentWithoutHarvesting(Agent agent, IceMediaStream stream) throws Exception {
        java.lang.reflect.Method create = IceMediaStream.class.getDeclaredMethod("createComponent",
                KeepAliveStrategy.class, boolean.class);
        create.setAccessible(true);
        Component component = (Component) create.invoke(stream, KeepAliveStrategy.SELECTED_ONLY, false);
        java.lang.reflect.Field server = Agent.class.getDeclaredField("connCheckServer");
        server.setAccessible(true);
        Object checkServer = server.get(agent);
        java.lang.reflect.Method start = checkServer.getClass().getDeclaredMethod("start");
        start.setAccessible(true);
        start.invoke(checkServer);
        return component;
    }

    @Test
    void aControllingIce4jAgentCompletesIceAgainstCanal() throws Exception {
        LocalTransport local = node.send(new MediaCommand.OpenTransport("call-ice4j", "s1", TransportDirection.PUBLISH));
        Agent agent = new Agent();
        try {
            agent.setControlling(true);
            IceMediaStream stream = agent.createMediaStream("media");
            Component component = componentWithoutHarvesting(agent, stream);

            // A host candidate on 127.0.0.1 made by hand, registered with ice4j's STUN stack.
            MultiplexingDatagramSocket socket = new MultiplexingDatagramSocket(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            IceSocketWrapper wrapper = new IceUdpSocketWrapper(socket);
            HostCandidate host = new HostCandidate(wrapper, component, Transport.UDP);
            component.addLocalCandidate(host);
            host.getStunStack().addSocket(host.getStunSocket(null));

            stream.setRemoteUfrag(local.iceUfrag());
            stream.setRemotePassword(local.icePwd());
            IceCandidate c = local.candidates().get(0);
            component.addRemoteCandidate(new RemoteCandidate(new TransportAddress(c.address(), c.port(), Transport.UDP),
                    component, CandidateType.HOST_CANDIDATE, "1", c.priority(), null));

            node.send(new MediaCommand.ConnectTransport(local.transportId(), new RemoteTransport(agent.getLocalUfrag(),
                    agent.getLocalPassword(), "sha-256", new TestPeer().fingerprint())));
            agent.startConnectivityEstablishment();

            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                    agent.getState() == IceProcessingState.COMPLETED || agent.getState() == IceProcessingState.TERMINATED
                            || agent.getState() == IceProcessingState.FAILED);
            assertThat(agent.getState()).isIn(IceProcessingState.COMPLETED, IceProcessingState.TERMINATED);
            CandidatePair selected = component.getSelectedPair();
            assertThat(selected).isNotNull();
            assertThat(selected.isNominated()).isTrue();
            assertThat(selected.getRemoteCandidate().getTransportAddress().getPort()).isEqualTo(c.port());

            CallStats stats = node.send(new MediaCommand.DescribeCall("call-ice4j"));
            assertThat(stats.transports()).singleElement().satisfies(t -> {
                assertThat(t.state()).isEqualTo("CHECKING"); // ICE done; DTLS would come next
                assertThat(t.drops()).isEmpty();
            });
        } finally {
            agent.free();
        }
    }
}

package org.canal.peer;

import java.beans.PropertyChangeListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.RemoteCandidate;
import org.ice4j.socket.MergingDatagramSocket;

/**
 * One ice4j full ICE agent (RFC 8445) with one stream and one component (RTP and RTCP multiplexed,
 * BUNDLE, as WebRTC does), whose only local candidate is a host candidate bound to the peer's
 * address ({@link BoundHostHarvester}).
 *
 * <p>After ICE completes the agent keeps running: it answers the remote's checks and, on the
 * selected pair, sends a binding request every ~15 s as RFC 7675 consent freshness (Canal closes a
 * transport whose peer stops). Application data (DTLS, SRTP) goes through the component's merging
 * socket ({@link #socket()}), which ice4j keeps: it receives only from addresses whose pair
 * succeeded and sends from the selected pair's local socket. STUN never reaches it.
 */
final class IceAgentLink {
    /** RFC 8445 section 5.1.2.1 priority of a host candidate of component 1: (2^24)*126 + (2^8)*65535 + 255. */
    static final long HOST_PRIORITY = (126L << 24) + (65535L << 8) + 255;
    private static final String STREAM = "media";

    private final Agent agent;
    private final IceMediaStream stream;
    private final Component component;

    IceAgentLink(PeerOptions options) throws IOException {
        Ice4jSettings.apply();
        agent = new Agent();
        agent.setControlling(options.iceRole() == IceRole.CONTROLLING);
        agent.setUseDynamicPorts(false);
        agent.setPerformConsentFreshness(true);
        agent.addCandidateHarvester(new BoundHostHarvester(options.localAddress()));
        stream = agent.createMediaStream(STREAM);
        component = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, true);
    }

    String ufrag() {
        return agent.getLocalUfrag();
    }

    String password() {
        return agent.getLocalPassword();
    }

    /** The one host candidate's address and port. */
    InetSocketAddress hostCandidate() {
        TransportAddress address = component.getLocalCandidates().get(0).getTransportAddress();
        return new InetSocketAddress(address.getAddress(), address.getPort());
    }

    /**
     * Runs connectivity checks against {@code remoteCandidates} (host candidates, highest priority
     * first) with the remote credentials and waits until a pair is nominated.
     *
     * @return the remote address of the selected pair
     */
    InetSocketAddress connect(String remoteUfrag, String remotePassword, List<InetSocketAddress> remoteCandidates,
            Duration timeout) throws PeerConnectException, InterruptedException {
        stream.setRemoteUfrag(remoteUfrag);
        stream.setRemotePassword(remotePassword);
        int i = 0;
        for (InetSocketAddress remote : remoteCandidates) {
            component.addRemoteCandidate(new RemoteCandidate(new TransportAddress(remote, Transport.UDP), component,
                    CandidateType.HOST_CANDIDATE, Integer.toString(i + 1), HOST_PRIORITY - i, null));
            i++;
        }
        CompletableFuture<IceProcessingState> over = new CompletableFuture<>();
        PropertyChangeListener listener = event -> {
            IceProcessingState state = (IceProcessingState) event.getNewValue();
            if (state.isEstablished() || state.isOver()) {
                over.complete(state);
            }
        };
        agent.addStateChangeListener(listener);
        agent.startConnectivityEstablishment();
        IceProcessingState state;
        try {
            state = over.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new PeerConnectException(PeerFailure.ICE_TIMEOUT,
                    "ICE did not complete within " + timeout.toMillis() + " ms (state " + agent.getState() + ")");
        } catch (ExecutionException e) {
            throw new IllegalStateException("the state listener never fails", e);
        } finally {
            agent.removeStateChangeListener(listener);
        }
        CandidatePair selected = component.getSelectedPair();
        if (state == IceProcessingState.FAILED || selected == null) {
            throw new PeerConnectException(PeerFailure.ICE_FAILED,
                    "every candidate pair failed its connectivity checks (ICE state " + state + ")");
        }
        TransportAddress remote = selected.getRemoteCandidate().getTransportAddress();
        return new InetSocketAddress(remote.getAddress(), remote.getPort());
    }

    /** The socket for application data once ICE completed; ice4j owns it and closes it in {@link #close()}. */
    MergingDatagramSocket socket() {
        return component.getComponentSocket();
    }

    /** Stops checks and consent freshness, closes every socket of the agent. */
    void close() {
        agent.free();
    }
}

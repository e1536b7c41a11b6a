package org.canal.peer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.Collection;
import java.util.List;

import org.ice4j.Transport;
import org.ice4j.ice.Component;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.harvest.CandidateHarvester;
import org.ice4j.ice.harvest.HarvestStatistics;
import org.ice4j.socket.IceUdpSocketWrapper;
import org.ice4j.socket.MultiplexingDatagramSocket;

/**
 * Gives an ice4j component exactly one UDP host candidate, on an ephemeral port of one given address.
 *
 * <p>Why: ice4j's own host harvester walks the network interfaces and never gathers a loopback
 * address, so an agent on 127.0.0.1 would have no candidate at all, and on a machine with more
 * interfaces it would also check pairs that leave the loopback. This harvester does what ice4j's does
 * for each address it keeps: bind a {@link MultiplexingDatagramSocket} (STUN is filtered off it to
 * the agent's STUN stack, everything else reaches the component's merging socket), add the host
 * candidate to the component, register the candidate's STUN socket with the stack, and add the
 * socket to the component socket that the application reads and writes.
 */
final class BoundHostHarvester implements CandidateHarvester {
    private final InetAddress address;
    private final HarvestStatistics statistics = new HarvestStatistics();

    BoundHostHarvester(InetAddress address) {
        this.address = address;
    }

    @Override
    public Collection<LocalCandidate> harvest(Component component) {
        try {
            MultiplexingDatagramSocket socket = new MultiplexingDatagramSocket(0, address);
            IceUdpSocketWrapper wrapper = new IceUdpSocketWrapper(socket);
            HostCandidate candidate = new HostCandidate(wrapper, component, Transport.UDP);
            component.addLocalCandidate(candidate);
            candidate.getStunStack().addSocket(candidate.getStunSocket(null));
            component.getComponentSocket().add(wrapper);
            return List.of(candidate);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind a UDP socket on the peer's local address", e);
        }
    }

    @Override
    public HarvestStatistics getHarvestStatistics() {
        return statistics;
    }

    @Override
    public boolean isHostHarvester() {
        return true;
    }
}

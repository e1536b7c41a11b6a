package org.canal.media;

import org.canal.media.api.LocalTransport;
import org.canal.media.api.MediaCommand;
import org.canal.media.api.MediaEvent;
import org.canal.media.api.TransportDirection;

/** A TestPeer whose transport on a MediaNode has completed ICE and DTLS. */
record ConnectedPeer(TestPeer peer, LocalTransport local) implements AutoCloseable {
    static ConnectedPeer join(MediaNode node, String callId, String sessionId, TransportDirection direction)
            throws Exception {
        LocalTransport local = node.send(new MediaCommand.OpenTransport(callId, sessionId, direction));
        TestPeer peer = new TestPeer();
        peer.checkIce(local, true);
        node.send(new MediaCommand.ConnectTransport(local.transportId(), peer.remote()));
        peer.handshake(local);
        node.nextEvent(MediaEvent.TransportConnected.class, local.transportId());
        return new ConnectedPeer(peer, local);
    }

    String transportId() {
        return local.transportId();
    }

    @Override
    public void close() throws Exception {
        peer.close();
    }
}

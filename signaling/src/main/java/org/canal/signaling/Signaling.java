package org.canal.signaling;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import org.canal.media.api.MediaControl;
import org.canal.signaling.impl.SignalingImpl;

/**
 * A node's signaling: the WebSocket endpoint browsers join calls through (docs/signaling.md), which
 * authorises joins with JWTs, keeps sessions, negotiates SDP and drives the media engine through
 * {@link MediaControl}. The server module owns the HTTPS server; signaling only adds routes to it.
 */
public interface Signaling {

    /**
     * Creates signaling for a node and subscribes to the media engine's events on
     * {@code MediaAddresses.events(options.nodeId())}.
     */
    static Signaling create(Vertx vertx, SignalingOptions options, MediaControl media) {
        return new SignalingImpl(vertx, options, media);
    }

    /**
     * Creates signaling that writes its sessions to {@code directory}, so that other nodes sharing it
     * answer a {@code resume} of this node's session with {@code SESSION_ON_OTHER_NODE} naming this
     * node (docs/signaling.md, "Sessions"). The caller owns the directory and closes it after {@link #close()}.
     */
    static Signaling create(Vertx vertx, SignalingOptions options, MediaControl media, SessionDirectory directory) {
        return new SignalingImpl(vertx, options, media, directory);
    }

    /**
     * Adds {@code /ws} (the WebSocket upgrade) and, when {@link SignalingOptions#diagnostics()},
     * {@code GET /diagnostics/calls/:server/:channel}. The server should configure its HTTP server
     * with {@link SignalingOptions#applyWebSocketLimits}.
     */
    Signaling mount(Router router);

    /** The node's signaling counts, for metrics. */
    SignalingCounters counters();

    /** Ends every session (LeaveCall to the media engine), closes their sockets and stops listening to media events. */
    Future<Void> close();
}

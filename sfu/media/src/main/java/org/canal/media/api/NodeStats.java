package org.canal.media.api;

import java.util.Map;

/**
 * Node-wide media counters: calls, transports, datagrams received, RTP packets forwarded to
 * subscribers (every leg counts: one publisher packet sent to three subscribers is three), plain STUN Binding requests answered (the node as a
 * {@code stun:} server), and datagrams dropped before they could be tied to a transport (unknown
 * sender, malformed STUN, wrong ICE credentials, unclassifiable bytes), by reason.
 */
public record NodeStats(int calls, int transports, long datagramsReceived, long rtpForwarded, long stunBindingsAnswered,
        Map<String, Long> drops) {
    public NodeStats {
        drops = Map.copyOf(drops);
    }
}

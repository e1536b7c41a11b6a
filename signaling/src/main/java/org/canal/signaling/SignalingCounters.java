package org.canal.signaling;

import java.util.Map;

/**
 * What a node's signaling holds and has refused, read by the node's metrics (the server module's
 * {@code /metrics}). Every method is a cheap read of a concurrent count, safe from any thread; none
 * carries an address, a participant, a session or a channel.
 */
public interface SignalingCounters {
    /** Calls this node holds now. */
    int calls();

    /** Sessions this node holds now, attached or in their resume grace. */
    int sessions();

    /** Requests refused with {@code code} since the node started. */
    long refusals(ErrorCode code);

    /**
     * What the rate limits refused since the node started, by kind; the kinds are fixed names
     * ({@code sockets}, {@code joinsPerAddress}, {@code joinsPerUser}, {@code messagesDropped},
     * {@code socketsClosedForFlooding}, {@code limitersOverflowed}).
     */
    Map<String, Long> rateLimited();
}

package org.canal.signaling.impl;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLongArray;
import org.canal.signaling.ErrorCode;

/**
 * How many requests this node refused, per error code. Sockets live on several event loops, so the
 * counts are lock-free atomics; they carry no peer data, only counts.
 */
final class RefusalCounters {
    /** Why a relayed P2P signal, or a part of one, was not passed on (docs/signaling.md, "Media mode"). */
    enum P2pDrop {
        /** Relay-only policy: a trickled candidate that is not {@code typ relay}. */
        NOT_RELAY_CANDIDATE,
        /** Relay-only policy: an {@code a=candidate} line that is not {@code typ relay}, cut from an SDP. */
        NOT_RELAY_SDP_LINE,
        /** The peer's socket is gone (it is in its grace period): the signal has nowhere to go. */
        PEER_DETACHED;

        String key() {
            return "P2P_DROPPED_" + name();
        }
    }

    private final AtomicLongArray counts = new AtomicLongArray(ErrorCode.values().length);
    private final AtomicLongArray p2pDrops = new AtomicLongArray(P2pDrop.values().length);

    void count(ErrorCode code) {
        counts.incrementAndGet(code.ordinal());
    }

    long get(ErrorCode code) {
        return counts.get(code.ordinal());
    }

    void count(P2pDrop reason, int n) {
        p2pDrops.addAndGet(reason.ordinal(), n);
    }

    long get(P2pDrop reason) {
        return p2pDrops.get(reason.ordinal());
    }

    JsonObject toJson() {
        JsonObject o = new JsonObject();
        for (ErrorCode code : ErrorCode.values()) {
            o.put(code.name(), counts.get(code.ordinal()));
        }
        for (P2pDrop reason : P2pDrop.values()) {
            o.put(reason.key(), p2pDrops.get(reason.ordinal()));
        }
        return o;
    }
}

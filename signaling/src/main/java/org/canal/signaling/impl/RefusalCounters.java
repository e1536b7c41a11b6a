package org.canal.signaling.impl;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLongArray;
import org.canal.signaling.ErrorCode;

/**
 * How many requests this node refused, per error code. Sockets live on several event loops, so the
 * counts are lock-free atomics; they carry no peer data, only counts.
 */
final class RefusalCounters {
    private final AtomicLongArray counts = new AtomicLongArray(ErrorCode.values().length);

    void count(ErrorCode code) {
        counts.incrementAndGet(code.ordinal());
    }

    long get(ErrorCode code) {
        return counts.get(code.ordinal());
    }

    JsonObject toJson() {
        JsonObject o = new JsonObject();
        for (ErrorCode code : ErrorCode.values()) {
            o.put(code.name(), counts.get(code.ordinal()));
        }
        return o;
    }
}

package org.canal.signaling.impl;

import io.vertx.core.Future;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.canal.signaling.SessionDirectory;

/** The directory of a lone node: a concurrent map, every future already complete. */
public final class InMemorySessionDirectory implements SessionDirectory {
    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();

    @Override
    public Future<Void> register(Entry entry) {
        entries.put(entry.sessionId(), entry);
        return Future.succeededFuture();
    }

    @Override
    public Future<Entry> lookup(String sessionId) {
        return Future.succeededFuture(entries.get(sessionId));
    }

    @Override
    public Future<Void> remove(String sessionId) {
        entries.remove(sessionId);
        return Future.succeededFuture();
    }
}

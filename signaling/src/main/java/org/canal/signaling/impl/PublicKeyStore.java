package org.canal.signaling.impl;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.canal.signaling.TokenKeys;

/**
 * The public keys of the JWKS file, kept current without a restart (docs/tokens.md, "Rotating
 * keys"). The file is re-read on a worker thread every reload interval, and also when a token names
 * a {@code kid} the node does not know, at most once per {@link #MISS_RELOAD_GAP} so that a flood of
 * unknown kids cannot turn into a flood of file reads. A read that fails, or a file that is not a
 * JWKS (e.g. caught half-written), keeps the previous keys; a file that parses replaces them, so a
 * key removed from it stops verifying at the next read.
 *
 * <p>Each key gets its own vertx-auth-jwt {@link JWTAuth} holding only that key, so the library can
 * never try another key than the one {@code kid} selects. Thread-safe: the key map is an immutable
 * snapshot behind a volatile reference.
 */
final class PublicKeyStore {
    static final Duration MISS_RELOAD_GAP = Duration.ofSeconds(2);
    private static final System.Logger LOG = System.getLogger(PublicKeyStore.class.getName());

    /** A usable key and the library verifier that holds only it. */
    record Verifying(JwkSet.Key key, JWTAuth auth) {}

    private record Snapshot(JwkSet set, Map<String, Verifying> byKid) {}

    private final Vertx vertx;
    private final Path file;
    private final String reservedKid;
    private final long missGapNanos;
    private final Future<Snapshot> initial;
    private final long timer;
    private final AtomicReference<Future<Snapshot>> loading = new AtomicReference<>();
    private volatile Snapshot current;
    private volatile long lastLoadStarted;
    private volatile String lastFailure;

    /** @param reservedKid the HS256 secret's kid, which no public key may take (null when none) */
    PublicKeyStore(Vertx vertx, TokenKeys.Jwks config, String reservedKid) {
        this.vertx = vertx;
        this.file = config.file();
        this.reservedKid = reservedKid;
        this.missGapNanos = Math.min(MISS_RELOAD_GAP.toNanos(), config.reloadInterval().toNanos());
        this.initial = reload();
        this.timer = vertx.setPeriodic(config.reloadInterval().toMillis(), id -> reload());
    }

    /**
     * The key {@code kid} names, or empty when the file has no such key (after re-reading it, if
     * the last read is older than the miss gap).
     */
    Future<Optional<Verifying>> find(String kid) {
        Snapshot s = current;
        if (s == null && !initial.isComplete()) {
            return initial.map(loaded -> lookup(loaded, kid));
        }
        Optional<Verifying> found = lookup(s, kid);
        if (found.isPresent() || System.nanoTime() - lastLoadStarted < missGapNanos) {
            return Future.succeededFuture(found);
        }
        return reload().map(loaded -> lookup(loaded, kid));
    }

    void close() {
        vertx.cancelTimer(timer);
    }

    private static Optional<Verifying> lookup(Snapshot s, String kid) {
        return s == null ? Optional.empty() : Optional.ofNullable(s.byKid().get(kid));
    }

    /** Starts a read unless one is running; completes with the keys after it (the old ones if it failed). */
    private Future<Snapshot> reload() {
        while (true) {
            Future<Snapshot> running = loading.get();
            if (running != null) {
                return running;
            }
            Promise<Snapshot> promise = Promise.promise();
            if (loading.compareAndSet(null, promise.future())) {
                lastLoadStarted = System.nanoTime();
                vertx.executeBlocking(this::load, false).onComplete(ar -> {
                    if (ar.failed()) {
                        LOG.log(System.Logger.Level.WARNING, "reading the JWKS file failed: {0}", ar.cause().toString());
                    }
                    loading.set(null);
                    promise.complete(current);
                });
                return promise.future();
            }
        }
    }

    /** On a worker thread: reads the file and, if it changed, replaces the keys. */
    private Snapshot load() {
        byte[] content;
        JwkSet set;
        try {
            content = JwkSet.readBytes(file);
            Snapshot s = current;
            if (s != null && s.set().sameContent(content)) {
                lastFailure = null;
                return s;
            }
            set = JwkSet.parse(content);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().equals(lastFailure)) {
                LOG.log(System.Logger.Level.WARNING, "keeping the previous token keys: {0}", e.getMessage());
                lastFailure = e.getMessage();
            }
            return current;
        }
        lastFailure = null;
        Map<String, Verifying> byKid = new LinkedHashMap<>();
        for (JwkSet.Key key : set.keys().values()) {
            if (key.kid().equals(reservedKid)) {
                LOG.log(System.Logger.Level.WARNING, "JWKS key ''{0}'' skipped: its kid is the HS256 secret''s", key.kid());
                continue;
            }
            // vertx-auth-jwt verifies the signature; the times, issuer and audience are Canal's checks
            JWTAuth auth = JWTAuth.create(vertx, new JWTAuthOptions().addJwk(key.jwk())
                    .setJWTOptions(new JWTOptions().setIgnoreExpiration(true)));
            byKid.put(key.kid(), new Verifying(key, auth));
        }
        set.problems().forEach(p -> LOG.log(System.Logger.Level.WARNING, "JWKS {0} skipped", p));
        LOG.log(System.Logger.Level.INFO, "token keys loaded from the JWKS file: {0}", byKid.keySet());
        Snapshot loaded = new Snapshot(set, Map.copyOf(byKid));
        current = loaded;
        return loaded;
    }
}

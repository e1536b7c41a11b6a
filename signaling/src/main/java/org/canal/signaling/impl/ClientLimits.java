package org.canal.signaling.impl;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.canal.signaling.ErrorCode;
import org.canal.signaling.SignalingLimits;
import org.canal.signaling.limits.ClientAddresses;
import org.canal.signaling.limits.RateLimit;
import org.canal.signaling.limits.RateLimiter;
import org.canal.signaling.limits.TokenBucket;

/**
 * The node's per-address and per-user limiters (docs/signaling.md, "Rate limits"). Client addresses
 * are keys in memory only: nothing here logs or exports them.
 */
final class ClientLimits {
    /**
     * A socket over its message rate may drop this many messages at once, and one more each second,
     * before the node closes it: a burst from a buggy client is forgiven, a sustained flood is not.
     */
    static final RateLimit DROPS_BEFORE_CLOSE = new RateLimit(20, Duration.ofSeconds(20));

    private final SignalingLimits limits;
    private final LongSupplier clock;
    private final ClientAddresses addresses;
    private final RateLimiter<String> sockets;
    private final RateLimiter<String> joins;
    private final RateLimiter<String> joinsOfUser;
    private final LongAdder refusedSockets = new LongAdder();
    private final LongAdder refusedAttaches = new LongAdder();
    private final LongAdder refusedJoinsOfUser = new LongAdder();
    private final LongAdder droppedMessages = new LongAdder();
    private final LongAdder floodedSockets = new LongAdder();

    ClientLimits(SignalingLimits limits, LongSupplier clock) {
        this.limits = limits;
        this.clock = clock;
        this.addresses = new ClientAddresses(limits.trustedProxies());
        this.sockets = new RateLimiter<>(limits.socketsPerAddress(), limits.maxTrackedKeys(), clock);
        this.joins = new RateLimiter<>(limits.joinsPerAddress(), limits.maxTrackedKeys(), clock);
        this.joinsOfUser = new RateLimiter<>(limits.joinsPerUser(), limits.maxTrackedKeys(), clock);
    }

    /** The key the request's client is limited by. */
    String clientOf(HttpServerRequest request) {
        SocketAddress peer = request.remoteAddress();
        return addresses.keyOf(peer == null ? null : peer.hostAddress(), request.getHeader("X-Forwarded-For"));
    }

    /** Takes a token for a new socket from {@code client}; when refused, {@link #socketRetryAfter} says how long to wait. */
    boolean admitSocket(String client) {
        return sockets.tryAcquire(client);
    }

    Duration socketRetryAfter(String client) {
        return sockets.retryAfter(client);
    }

    /** Takes a token for a {@code join} or {@code resume} from {@code client}. */
    boolean admitAttach(String client) {
        return joins.tryAcquire(client);
    }

    Duration attachRetryAfter(String client) {
        return joins.retryAfter(client);
    }

    /** Takes a token for a verified join of {@code user} (null: a dev invite's fresh participant, not limited here). */
    boolean admitJoinOf(String user) {
        return user == null || joinsOfUser.tryAcquire(user);
    }

    /** A socket's own message bucket; its socket's context is the only one that touches it. */
    TokenBucket messageBucket() {
        return new TokenBucket(limits.messagesPerSocket(), clock.getAsLong());
    }

    /** A socket's allowance of dropped messages before it is closed. */
    TokenBucket dropBucket() {
        return new TokenBucket(DROPS_BEFORE_CLOSE, clock.getAsLong());
    }

    long now() {
        return clock.getAsLong();
    }

    /** The refusal of a join whose user is over its rate (counted). */
    <T> Future<T> refusedJoinOfUser(String user) {
        refusedJoinsOfUser.increment();
        return Future.failedFuture(new SignalingException(ErrorCode.RATE_LIMITED, "too many joins as this user; retry in "
                + joinsOfUser.retryAfter(user).toSeconds() + " s"));
    }

    void countRefusedSocket() {
        refusedSockets.increment();
    }

    void countRefusedAttach() {
        refusedAttaches.increment();
    }

    void countDroppedMessage() {
        droppedMessages.increment();
    }

    void countFloodedSocket() {
        floodedSockets.increment();
    }

    /** What the limits refused, by kind, for diagnostics: counts only, no addresses or users. */
    JsonObject toJson() {
        return new JsonObject().put("sockets", refusedSockets.sum()).put("joinsPerAddress", refusedAttaches.sum())
                .put("joinsPerUser", refusedJoinsOfUser.sum()).put("messagesDropped", droppedMessages.sum())
                .put("socketsClosedForFlooding", floodedSockets.sum())
                .put("limitersOverflowed", sockets.evictedActive() + joins.evictedActive() + joinsOfUser.evictedActive());
    }
}

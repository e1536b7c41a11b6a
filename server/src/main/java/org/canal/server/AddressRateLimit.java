package org.canal.server;

import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.util.function.LongSupplier;
import org.canal.signaling.limits.ClientAddresses;
import org.canal.signaling.limits.RateLimit;
import org.canal.signaling.limits.RateLimiter;

/**
 * A rate limit per client address on an HTTP API, answering HTTP 429 with {@code Retry-After} (RFC
 * 6585 section 4; RFC 9110 section 10.2.3) and the APIs' JSON error {@code RATE_LIMITED}. Addresses
 * stay in the limiter's memory: never logged.
 */
final class AddressRateLimit {
    private final RateLimiter<String> limiter;
    private final ClientAddresses addresses;

    AddressRateLimit(RateLimit limit, int maxAddresses, ClientAddresses addresses, LongSupplier clock) {
        this.limiter = new RateLimiter<>(limit, maxAddresses, clock);
        this.addresses = addresses;
    }

    /** The address the request counts against (X-Forwarded-For only from a trusted proxy). */
    String clientOf(RoutingContext context) {
        SocketAddress peer = context.request().remoteAddress();
        return addresses.keyOf(peer == null ? null : peer.hostAddress(), context.request().getHeader("X-Forwarded-For"));
    }

    /** Takes a token for {@code client}; when there is none, answers 429 and returns false. */
    boolean admit(RoutingContext context, String client) {
        if (limiter.tryAcquire(client)) {
            return true;
        }
        long seconds = limiter.retryAfter(client).toSeconds();
        tooMany(context, Math.max(1, seconds));
        return false;
    }

    /** Gives back the token of a request that should not count (a correct admin key). */
    void refund(String client) {
        limiter.refund(client);
    }

    static void tooMany(RoutingContext context, long retryAfterSeconds) {
        context.response().putHeader("Retry-After", Long.toString(retryAfterSeconds));
        HttpErrors.error(context, 429, "RATE_LIMITED", "too many requests from this address; retry in "
                + retryAfterSeconds + " s");
    }
}

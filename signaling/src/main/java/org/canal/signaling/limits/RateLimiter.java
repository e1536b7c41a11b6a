package org.canal.signaling.limits;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Token buckets per key (a client address, a user id), in bounded memory. Keys live only in this
 * map: never logged, never exported.
 *
 * <p>Memory: at most {@code maxKeys} buckets. The map is kept in least-recently-used order; a bucket
 * that has filled up again is idle (a new one would be the same) and is dropped from the old end as
 * new keys come. If the map is full of active buckets (a flood from more distinct keys than
 * {@code maxKeys}), the least recently used one is dropped anyway and counted in
 * {@link #evictedActive()}: the limiter then gets more lenient for those keys, but it never grows and
 * never refuses a newcomer for someone else's flood.
 *
 * <p>Thread-safe: one lock around a few arithmetic operations; callers are control-plane requests
 * (socket accepts, joins, HTTP calls), never the packet path.
 */
public final class RateLimiter<K> {
    private final RateLimit limit;
    private final int maxKeys;
    private final LongSupplier clock;
    private final LinkedHashMap<K, TokenBucket> buckets = new LinkedHashMap<>(16, 0.75f, true);
    private long evictedActive;

    /**
     * @param limit   the rate each key gets
     * @param maxKeys how many keys are tracked at most (1 to 10,000,000)
     * @param clock   monotonic nanoseconds ({@code System::nanoTime})
     */
    public RateLimiter(RateLimit limit, int maxKeys, LongSupplier clock) {
        if (maxKeys < 1 || maxKeys > 10_000_000) {
            throw new IllegalArgumentException("maxKeys must be between 1 and 10000000, was " + maxKeys);
        }
        this.limit = limit;
        this.maxKeys = maxKeys;
        this.clock = clock;
    }

    public RateLimit limit() {
        return limit;
    }

    /** Takes one of {@code key}'s tokens: false when it has none left (the event should be refused). */
    public synchronized boolean tryAcquire(K key) {
        long now = clock.getAsLong();
        TokenBucket bucket = buckets.get(key);
        if (bucket == null) {
            bucket = new TokenBucket(limit, now);
            makeRoom(now);
            buckets.put(key, bucket);
        }
        return bucket.tryTake(now);
    }

    /** Gives {@code key} back the token of an event that should not count (a successful admin login). */
    public synchronized void refund(K key) {
        TokenBucket bucket = buckets.get(key);
        if (bucket != null) {
            bucket.giveBack(clock.getAsLong());
        }
    }

    /** How long until {@code key} has a token again; zero when it has one. At least one second when not zero, for Retry-After. */
    public synchronized Duration retryAfter(K key) {
        TokenBucket bucket = buckets.get(key);
        long nanos = bucket == null ? 0 : bucket.nanosUntilToken(clock.getAsLong());
        return nanos == 0 ? Duration.ZERO : Duration.ofSeconds(Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L));
    }

    /** Keys tracked now. */
    public synchronized int size() {
        return buckets.size();
    }

    /** Active buckets dropped because more than {@code maxKeys} keys were active at once. */
    public synchronized long evictedActive() {
        return evictedActive;
    }

    /** Drops idle buckets from the least recently used end, then, if still full, the least recently used one. */
    private void makeRoom(long now) {
        Iterator<Map.Entry<K, TokenBucket>> oldest = buckets.entrySet().iterator();
        while (oldest.hasNext()) {
            TokenBucket bucket = oldest.next().getValue();
            if (bucket.isFull(now)) {
                oldest.remove();
            } else if (buckets.size() >= maxKeys) {
                oldest.remove();
                evictedActive++;
            } else {
                return;
            }
        }
    }
}

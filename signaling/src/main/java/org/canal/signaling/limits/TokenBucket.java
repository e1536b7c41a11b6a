package org.canal.signaling.limits;

/**
 * One token bucket: it holds up to {@code burst} tokens, each event takes one, and tokens come back
 * continuously at the limit's rate. Times are nanosecond ticks of a monotonic clock the caller reads
 * ({@link System#nanoTime()} in production, a fake in tests), so the bucket itself is pure.
 *
 * <p>Not thread-safe: one owner (a socket's event loop), or {@link RateLimiter}'s lock.
 */
public final class TokenBucket {
    private final int burst;
    private final double tokensPerNano;
    private double tokens;
    private long updatedAt;

    /** A full bucket at {@code now}. */
    public TokenBucket(RateLimit limit, long now) {
        this.burst = limit.burst();
        this.tokensPerNano = limit.tokensPerNano();
        this.tokens = burst;
        this.updatedAt = now;
    }

    /** Takes a token if there is one. */
    public boolean tryTake(long now) {
        refill(now);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Returns a token taken earlier (an event that turned out not to count), never above the burst. */
    public void giveBack(long now) {
        refill(now);
        tokens = Math.min(burst, tokens + 1);
    }

    /** Nanoseconds until a token is there: 0 when one is. */
    public long nanosUntilToken(long now) {
        refill(now);
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / tokensPerNano);
    }

    /** Whether the bucket is full: forgetting it would change nothing (a new one starts full). */
    public boolean isFull(long now) {
        refill(now);
        return tokens >= burst;
    }

    private void refill(long now) {
        long elapsed = now - updatedAt;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * tokensPerNano);
            updatedAt = now;
        }
    }
}

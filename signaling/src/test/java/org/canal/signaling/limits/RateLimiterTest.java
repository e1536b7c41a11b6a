package org.canal.signaling.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Token buckets per key on a fake clock: bursts, refill, refunds, Retry-After and bounded memory. */
class RateLimiterTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private RateLimiter<String> limiter(String rate, int maxKeys) {
        return new RateLimiter<>(RateLimit.parse(rate), maxKeys, now::get);
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void aKeyGetsItsBurstThenTheSustainedRate() {
        RateLimiter<String> limiter = limiter("5/10s", 100);
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.tryAcquire("a")).as("event %d", i).isTrue();
        }
        assertThat(limiter.tryAcquire("a")).isFalse();
        assertThat(limiter.retryAfter("a")).isEqualTo(Duration.ofSeconds(2));
        advance(Duration.ofMillis(1999));
        assertThat(limiter.tryAcquire("a")).isFalse();
        advance(Duration.ofMillis(1));
        assertThat(limiter.tryAcquire("a")).isTrue();
        assertThat(limiter.tryAcquire("a")).isFalse();
        // a long pause refills the burst, never more
        advance(Duration.ofHours(1));
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.tryAcquire("a")).isTrue();
        }
        assertThat(limiter.tryAcquire("a")).isFalse();
    }

    @Test
    void keysAreIndependent() {
        RateLimiter<String> limiter = limiter("2/1m", 100);
        assertThat(limiter.tryAcquire("a")).isTrue();
        assertThat(limiter.tryAcquire("a")).isTrue();
        assertThat(limiter.tryAcquire("a")).isFalse();
        assertThat(limiter.tryAcquire("b")).isTrue();
        assertThat(limiter.retryAfter("b")).isEqualTo(Duration.ZERO);
        assertThat(limiter.retryAfter("never-seen")).isEqualTo(Duration.ZERO);
        assertThat(limiter.retryAfter("a")).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aRefundGivesTheTokenBackButNeverAboveTheBurst() {
        RateLimiter<String> limiter = limiter("2/1h", 100);
        assertThat(limiter.tryAcquire("a")).isTrue();
        assertThat(limiter.tryAcquire("a")).isTrue();
        limiter.refund("a");
        assertThat(limiter.tryAcquire("a")).isTrue();
        assertThat(limiter.tryAcquire("a")).isFalse();
        limiter.refund("a");
        limiter.refund("a");
        limiter.refund("a");
        assertThat(limiter.tryAcquire("a")).isTrue();
        assertThat(limiter.tryAcquire("a")).isTrue();
        assertThat(limiter.tryAcquire("a")).isFalse();
        limiter.refund("unknown"); // nothing to give back to, nothing created
        assertThat(limiter.size()).isEqualTo(1);
    }

    @Test
    void idleKeysAreForgottenSoDistinctKeysDoNotGrowMemory() {
        RateLimiter<String> limiter = limiter("3/1s", 1000);
        for (int i = 0; i < 100_000; i++) {
            limiter.tryAcquire("k" + i);
            if (i % 100 == 99) {
                advance(Duration.ofSeconds(1)); // each batch's buckets fill up again: idle
            }
        }
        assertThat(limiter.size()).isLessThanOrEqualTo(1000);
        assertThat(limiter.evictedActive()).isZero();
    }

    @Test
    void aFloodOfActiveKeysStaysWithinTheCapAndNewcomersAreStillServed() {
        RateLimiter<String> limiter = limiter("3/1h", 1000);
        for (int i = 0; i < 50_000; i++) {
            assertThat(limiter.tryAcquire("flood" + i)).isTrue();
        }
        assertThat(limiter.size()).isEqualTo(1000);
        assertThat(limiter.evictedActive()).isEqualTo(49_000);
        assertThat(limiter.tryAcquire("newcomer")).isTrue();
        assertThat(limiter.size()).isEqualTo(1000);
    }

    @Test
    void aKeyInUseIsNotEvictedByOthersComingAndGoing() {
        RateLimiter<String> limiter = limiter("2/1h", 3);
        limiter.tryAcquire("abuser");
        limiter.tryAcquire("abuser");
        for (int i = 0; i < 10; i++) {
            limiter.tryAcquire("abuser"); // refused, and keeps the abuser's bucket the most recently used
            limiter.tryAcquire("other" + i);
        }
        assertThat(limiter.tryAcquire("abuser")).isFalse();
    }

    @Test
    void ratesParseAndPrint() {
        assertThat(RateLimit.parse("60/10s")).isEqualTo(new RateLimit(60, Duration.ofSeconds(10)));
        assertThat(RateLimit.parse(" 10 / 1m ")).isEqualTo(new RateLimit(10, Duration.ofMinutes(1)));
        assertThat(RateLimit.parse("100/500ms").toString()).isEqualTo("100/500ms");
        assertThat(RateLimit.parse("30/1h").toString()).isEqualTo("30/1h");
        assertThat(RateLimit.parse("30/120s").toString()).isEqualTo("30/2m");
        for (String bad : new String[] {null, "", "60", "60/", "/10s", "0/10s", "60/0s", "60/10", "60/10d", "-1/1s",
            "60/2000h", "2000000/1s"}) {
            assertThatThrownBy(() -> RateLimit.parse(bad)).as(String.valueOf(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new RateLimiter<>(RateLimit.parse("1/1s"), 0, now::get))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

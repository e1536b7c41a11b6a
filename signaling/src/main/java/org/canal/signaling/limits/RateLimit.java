package org.canal.signaling.limits;

import java.time.Duration;
import java.util.Locale;

/**
 * A token-bucket rate: at most {@code burst} events at once, and {@code burst} more per {@code period}
 * after that (a sustained {@code burst / period}). Written {@code 60/10s}: sixty at once, six a second.
 *
 * @param burst  the bucket's capacity (1 to 1,000,000)
 * @param period how long an empty bucket takes to fill again (1 ms to 1 day)
 */
public record RateLimit(int burst, Duration period) {
    public RateLimit {
        if (burst < 1 || burst > 1_000_000) {
            throw new IllegalArgumentException("a rate limit's burst must be between 1 and 1000000, was " + burst);
        }
        if (period == null || period.compareTo(Duration.ofMillis(1)) < 0 || period.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("a rate limit's period must be between 1 ms and 1 day, was " + period);
        }
    }

    /** Tokens the bucket regains per nanosecond. */
    double tokensPerNano() {
        return burst / (double) period.toNanos();
    }

    /**
     * Parses {@code 60/10s}, {@code 10/1m}, {@code 30/1h} or {@code 100/500ms}: the burst, a slash, and
     * the period with its unit ({@code ms}, {@code s}, {@code m}, {@code h}).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static RateLimit parse(String text) {
        String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,7})\\s*/\\s*(\\d{1,7})(ms|s|m|h)").matcher(value);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a rate like 60/10s, 10/1m or 100/500ms, was " + text);
        }
        long amount = Long.parseLong(m.group(2));
        Duration period = switch (m.group(3)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
        return new RateLimit(Integer.parseInt(m.group(1)), period);
    }

    /** The form {@link #parse} reads. */
    @Override
    public String toString() {
        long millis = period.toMillis();
        String p = millis % 3_600_000 == 0 ? millis / 3_600_000 + "h"
                : millis % 60_000 == 0 ? millis / 60_000 + "m"
                : millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
        return burst + "/" + p;
    }
}

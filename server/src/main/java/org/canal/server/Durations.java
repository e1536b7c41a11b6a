package org.canal.server;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Lifetimes as people type them: {@code 90s}, {@code 30m}, {@code 12h}, {@code 7d}, or ISO-8601 {@code PT1H}. */
final class Durations {
    /** Nothing Canal mints or stores lives longer (join tokens, invites). */
    static final Duration MAX = Duration.ofDays(30);

    private Durations() {}

    /** Parses {@code text}, which must be more than 0 and at most 30 days; {@code option} names it in errors. */
    static Duration parse(String option, String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        Duration duration;
        try {
            if (value.startsWith("p")) {
                duration = Duration.parse(value.toUpperCase(Locale.ROOT));
            } else {
                long amount = Long.parseLong(value.substring(0, value.length() - 1));
                duration = switch (value.charAt(value.length() - 1)) {
                    case 's' -> Duration.ofSeconds(amount);
                    case 'm' -> Duration.ofMinutes(amount);
                    case 'h' -> Duration.ofHours(amount);
                    case 'd' -> Duration.ofDays(amount);
                    default -> throw new NumberFormatException();
                };
            }
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException | ArithmeticException e) {
            throw new InvalidOptionException(option, "expected 90s, 30m, 12h, 7d or PT1H, was " + text);
        }
        if (duration.isNegative() || duration.isZero() || duration.compareTo(MAX) > 0) {
            throw new InvalidOptionException(option, "must be more than 0 and at most 30 days, was " + text);
        }
        return duration;
    }
}

package org.canal.signaling;

import java.time.Duration;
import java.util.Objects;

/**
 * How calls switch between P2P and the SFU (docs/signaling.md, "Media mode"; decision 0009).
 *
 * @param mode the channel policy's {@code p2p} until a moderator sets another ({@link P2pMode#DIRECT})
 * @param returnDelay how long a call on the SFU must stay eligible before it goes back to P2P, so a
 *     third person reconnecting does not flap it (0 to 1 minute; 3 s)
 * @param switchTimeout how long an epoch waits for {@code mediaReady} from both: a P2P epoch not ready
 *     falls back to the SFU, an SFU epoch completes anyway (100 ms to 5 minutes; 15 s)
 * @param turnAvailable whether the node hands out TURN servers; without one, {@link P2pMode#RELAY}
 *     means SFU
 */
public record P2pOptions(P2pMode mode, Duration returnDelay, Duration switchTimeout, boolean turnAvailable) {
    public static final Duration DEFAULT_RETURN_DELAY = Duration.ofSeconds(3);
    public static final Duration DEFAULT_SWITCH_TIMEOUT = Duration.ofSeconds(15);
    public static final P2pOptions DEFAULTS = new P2pOptions(P2pMode.DIRECT, DEFAULT_RETURN_DELAY,
            DEFAULT_SWITCH_TIMEOUT, false);

    public P2pOptions {
        Objects.requireNonNull(mode, "mode");
        if (returnDelay == null || returnDelay.isNegative() || returnDelay.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("p2p returnDelay must be between 0 and 1 minute");
        }
        if (switchTimeout == null || switchTimeout.compareTo(Duration.ofMillis(100)) < 0
                || switchTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("p2p switchTimeout must be between 100 ms and 5 minutes");
        }
    }

    public P2pOptions withMode(P2pMode m) {
        return new P2pOptions(m, returnDelay, switchTimeout, turnAvailable);
    }

    public P2pOptions withReturnDelay(Duration d) {
        return new P2pOptions(mode, d, switchTimeout, turnAvailable);
    }

    public P2pOptions withSwitchTimeout(Duration d) {
        return new P2pOptions(mode, returnDelay, d, turnAvailable);
    }

    public P2pOptions withTurnAvailable(boolean available) {
        return new P2pOptions(mode, returnDelay, switchTimeout, available);
    }
}

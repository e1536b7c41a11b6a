package org.canal.signaling;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.canal.signaling.limits.ClientAddresses;
import org.canal.signaling.limits.RateLimit;

/**
 * How fast a client may use signaling (docs/signaling.md, "Rate limits"; docs/decisions/0007). Sized
 * so that normal use never meets them: a page opens one socket and joins once, reloads and network
 * changes add a few, a busy NAT address carries dozens of people; a flood is hundreds a second.
 *
 * @param socketsPerAddress new WebSocket upgrades per client address (refused with HTTP 429)
 * @param joinsPerAddress   {@code join} and {@code resume} attempts per client address
 * @param joinsPerUser      joins per verified token subject, from any address
 * @param messagesPerSocket messages per socket; beyond it they are dropped with {@code RATE_LIMITED}
 * @param maxTrackedKeys    how many addresses (and users) each limiter remembers at most
 * @param trustedProxies    IP addresses of proxies whose {@code X-Forwarded-For} names the client
 */
public record SignalingLimits(RateLimit socketsPerAddress, RateLimit joinsPerAddress, RateLimit joinsPerUser,
        RateLimit messagesPerSocket, int maxTrackedKeys, List<String> trustedProxies) {

    public static final RateLimit DEFAULT_SOCKETS_PER_ADDRESS = new RateLimit(60, Duration.ofSeconds(10));
    public static final RateLimit DEFAULT_JOINS_PER_ADDRESS = new RateLimit(60, Duration.ofSeconds(10));
    public static final RateLimit DEFAULT_JOINS_PER_USER = new RateLimit(30, Duration.ofMinutes(1));
    public static final RateLimit DEFAULT_MESSAGES_PER_SOCKET = new RateLimit(100, Duration.ofSeconds(10));
    public static final int DEFAULT_MAX_TRACKED_KEYS = 20_000;

    public SignalingLimits {
        Objects.requireNonNull(socketsPerAddress, "socketsPerAddress");
        Objects.requireNonNull(joinsPerAddress, "joinsPerAddress");
        Objects.requireNonNull(joinsPerUser, "joinsPerUser");
        Objects.requireNonNull(messagesPerSocket, "messagesPerSocket");
        if (maxTrackedKeys < 100 || maxTrackedKeys > 10_000_000) {
            throw new IllegalArgumentException("maxTrackedKeys must be between 100 and 10000000");
        }
        trustedProxies = List.copyOf(trustedProxies);
        new ClientAddresses(trustedProxies); // validates them
    }

    /** 60 sockets and 60 joins per 10 s per address, 30 joins a minute per user, 100 messages per 10 s per socket. */
    public static SignalingLimits defaults() {
        return new SignalingLimits(DEFAULT_SOCKETS_PER_ADDRESS, DEFAULT_JOINS_PER_ADDRESS, DEFAULT_JOINS_PER_USER,
                DEFAULT_MESSAGES_PER_SOCKET, DEFAULT_MAX_TRACKED_KEYS, List.of());
    }

    public SignalingLimits withSocketsPerAddress(RateLimit limit) {
        return new SignalingLimits(limit, joinsPerAddress, joinsPerUser, messagesPerSocket, maxTrackedKeys, trustedProxies);
    }

    public SignalingLimits withJoinsPerAddress(RateLimit limit) {
        return new SignalingLimits(socketsPerAddress, limit, joinsPerUser, messagesPerSocket, maxTrackedKeys, trustedProxies);
    }

    public SignalingLimits withJoinsPerUser(RateLimit limit) {
        return new SignalingLimits(socketsPerAddress, joinsPerAddress, limit, messagesPerSocket, maxTrackedKeys, trustedProxies);
    }

    public SignalingLimits withMessagesPerSocket(RateLimit limit) {
        return new SignalingLimits(socketsPerAddress, joinsPerAddress, joinsPerUser, limit, maxTrackedKeys, trustedProxies);
    }

    public SignalingLimits withMaxTrackedKeys(int max) {
        return new SignalingLimits(socketsPerAddress, joinsPerAddress, joinsPerUser, messagesPerSocket, max, trustedProxies);
    }

    public SignalingLimits withTrustedProxies(List<String> proxies) {
        return new SignalingLimits(socketsPerAddress, joinsPerAddress, joinsPerUser, messagesPerSocket, maxTrackedKeys, proxies);
    }
}

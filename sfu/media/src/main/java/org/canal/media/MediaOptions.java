package org.canal.media;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a node's media engine binds and what it promises.
 *
 * @param bindAddress the local address every media loop's UDP socket binds (an IP literal)
 * @param advertisedAddresses the addresses put into host candidates (IP literals); the bind address
 *     when empty, which a wildcard bind address (0.0.0.0, ::) does not allow. A node behind 1:1 NAT
 *     advertises its public address here.
 * @param port the first media loop's UDP port; loop {@code i} binds {@code port + i}. 0 binds every
 *     loop to an ephemeral port, and the port actually bound goes into candidates.
 * @param loops how many media loops (one UDP socket and one event loop each); calls are spread over them
 * @param consentTimeout how long a transport lives without an authenticated binding request
 *     (RFC 7675 section 5.1: 30 s)
 * @param maxTransports the most transports this node holds at once; more are refused with CAPACITY
 */
public record MediaOptions(String bindAddress, List<String> advertisedAddresses, int port, int loops,
        Duration consentTimeout, int maxTransports) {
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_PORT = 10_000;
    public static final int DEFAULT_LOOPS = 1;
    public static final Duration DEFAULT_CONSENT_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_TRANSPORTS = 2_000;
    private static final int MAX_LOOPS = 256;

    public MediaOptions {
        Objects.requireNonNull(bindAddress, "bindAddress");
        requireIpLiteral("bindAddress", bindAddress);
        boolean wildcard = isWildcard(bindAddress);
        if ((advertisedAddresses == null || advertisedAddresses.isEmpty()) && wildcard) {
            throw new IllegalArgumentException("a wildcard bindAddress needs advertisedAddresses: "
                    + "0.0.0.0 or :: cannot go into an ICE candidate");
        }
        advertisedAddresses = advertisedAddresses == null || advertisedAddresses.isEmpty()
                ? List.of(bindAddress) : List.copyOf(advertisedAddresses);
        for (String a : advertisedAddresses) {
            requireIpLiteral("advertisedAddresses", a);
            if (isWildcard(a)) {
                throw new IllegalArgumentException("advertisedAddresses cannot hold a wildcard address");
            }
        }
        if (loops < 1 || loops > MAX_LOOPS) {
            throw new IllegalArgumentException("loops must be 1.." + MAX_LOOPS + ", not " + loops);
        }
        if (port < 0 || (port > 0 && port + loops - 1 > 65_535)) {
            throw new IllegalArgumentException("port must be 0 (ephemeral) or leave room for " + loops
                    + " loop(s) below 65536, not " + port);
        }
        Objects.requireNonNull(consentTimeout, "consentTimeout");
        if (consentTimeout.isNegative() || consentTimeout.isZero()) {
            throw new IllegalArgumentException("consentTimeout must be positive");
        }
        if (maxTransports < 1) {
            throw new IllegalArgumentException("maxTransports must be at least 1, not " + maxTransports);
        }
    }

    /** Loopback, port 10000, one loop, 30 s consent, 2000 transports. */
    public static MediaOptions defaults() {
        return new MediaOptions(DEFAULT_BIND_ADDRESS, List.of(), DEFAULT_PORT, DEFAULT_LOOPS,
                DEFAULT_CONSENT_TIMEOUT, DEFAULT_MAX_TRANSPORTS);
    }

    /** Binds {@code value}; advertised addresses that only followed the old bind address follow the new one. */
    public MediaOptions withBindAddress(String value) {
        return new MediaOptions(value, advertisedAddresses.equals(List.of(bindAddress)) ? List.of() : advertisedAddresses,
                port, loops, consentTimeout, maxTransports);
    }

    public MediaOptions withAdvertisedAddresses(List<String> value) {
        return new MediaOptions(bindAddress, value, port, loops, consentTimeout, maxTransports);
    }

    public MediaOptions withPort(int value) {
        return new MediaOptions(bindAddress, advertisedAddresses, value, loops, consentTimeout, maxTransports);
    }

    public MediaOptions withLoops(int value) {
        return new MediaOptions(bindAddress, advertisedAddresses, port, value, consentTimeout, maxTransports);
    }

    public MediaOptions withConsentTimeout(Duration value) {
        return new MediaOptions(bindAddress, advertisedAddresses, port, loops, value, maxTransports);
    }

    public MediaOptions withMaxTransports(int value) {
        return new MediaOptions(bindAddress, advertisedAddresses, port, loops, consentTimeout, value);
    }

    private static boolean isWildcard(String address) {
        try {
            return InetAddress.getByName(address).isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** An IP literal only: a host name would make start-up depend on DNS. */
    private static void requireIpLiteral(String what, String value) {
        boolean literal = value.indexOf(':') >= 0 || value.chars().allMatch(c -> c == '.' || Character.isDigit(c));
        if (!literal || value.isEmpty()) {
            throw new IllegalArgumentException(what + " must be an IP address literal, not a host name");
        }
        try {
            InetAddress.getByName(value); // a literal never resolves through DNS
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(what + " is not a valid IP address literal", e);
        }
    }
}

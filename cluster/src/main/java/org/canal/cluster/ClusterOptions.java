package org.canal.cluster;

import java.util.List;
import java.util.Objects;

/**
 * Where a node's Hazelcast member listens and whom it may join. Members are found only by TCP/IP on the
 * listed addresses: multicast and cloud auto-detection are off, so a node never joins a cluster it was
 * not configured for, and with the defaults nothing leaves the loopback interface (docs/configuration.md).
 *
 * @param clusterName members join only a cluster of the same name
 * @param bindAddress the one local address the member listens on (never the wildcard by default)
 * @param port        the first port the member tries to listen on
 * @param portCount   how many ports from {@code port} it tries when one is taken (1: only {@code port})
 * @param members     addresses of the members to join, {@code host} or {@code host:port}; a host without
 *                    a port is tried on {@code port} and the two ports after it
 */
public record ClusterOptions(String clusterName, String bindAddress, int port, int portCount, List<String> members) {
    public static final String DEFAULT_NAME = "canal";
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 5701;
    public static final int DEFAULT_PORT_COUNT = 10;

    public ClusterOptions {
        Objects.requireNonNull(clusterName, "cluster.name");
        Objects.requireNonNull(bindAddress, "cluster.bind");
        members = List.copyOf(members);
        if (!clusterName.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("cluster.name must be 1-64 letters, digits, '.', '_' or '-'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("cluster.port must be 1-65535, was " + port);
        }
        if (portCount < 1 || port + portCount - 1 > 65535) {
            throw new IllegalArgumentException("cluster.portCount must be at least 1 and stay below 65536");
        }
        if (members.isEmpty()) {
            throw new IllegalArgumentException("cluster.members needs at least one address (this node's own)");
        }
    }

    /** Name {@value #DEFAULT_NAME}, 127.0.0.1 ports 5701-5710, member 127.0.0.1: a single local member. */
    public static ClusterOptions defaults() {
        return new ClusterOptions(DEFAULT_NAME, DEFAULT_BIND, DEFAULT_PORT, DEFAULT_PORT_COUNT, List.of(DEFAULT_BIND));
    }

    public ClusterOptions withClusterName(String name) {
        return new ClusterOptions(name, bindAddress, port, portCount, members);
    }

    public ClusterOptions withPort(int firstPort, int count) {
        return new ClusterOptions(clusterName, bindAddress, firstPort, count, members);
    }

    public ClusterOptions withMembers(List<String> addresses) {
        return new ClusterOptions(clusterName, bindAddress, port, portCount, addresses);
    }

    public ClusterOptions withBindAddress(String address) {
        return new ClusterOptions(clusterName, address, port, portCount, members);
    }
}

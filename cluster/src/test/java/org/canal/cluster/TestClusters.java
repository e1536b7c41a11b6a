package org.canal.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.UUID;

/** Options for members that only find each other: a random cluster name and ports free right now. */
public final class TestClusters {
    private TestClusters() {}

    /** A lone member on 127.0.0.1 on a port free at the time of the call. */
    public static ClusterOptions single() {
        int port = freePort();
        return ClusterOptions.defaults().withClusterName(randomName()).withPort(port, 1)
                .withMembers(List.of("127.0.0.1:" + port));
    }

    /** Options for {@code count} members that list each other, one port each. */
    public static List<ClusterOptions> group(int count) {
        String name = randomName();
        List<Integer> ports = java.util.stream.IntStream.range(0, count).mapToObj(i -> freePort()).toList();
        List<String> members = ports.stream().map(port -> "127.0.0.1:" + port).toList();
        return ports.stream().map(port -> ClusterOptions.defaults().withClusterName(name).withPort(port, 1)
                .withMembers(members)).toList();
    }

    public static String randomName() {
        return "canal-test-" + UUID.randomUUID().toString().substring(0, 12);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

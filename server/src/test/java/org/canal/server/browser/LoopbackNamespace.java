package org.canal.server.browser;

import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.List;

/**
 * Browser tests must run in the loopback-only network namespace that failsafe's {@code bin/java}
 * wrapper creates (docs/testing.md): this machine has another interface Chromium would gather on.
 */
public final class LoopbackNamespace {
    private LoopbackNamespace() {}

    /** Names of the network interfaces this JVM sees. */
    public static List<String> interfaces() {
        try {
            return Collections.list(NetworkInterface.getNetworkInterfaces()).stream().map(NetworkInterface::getName)
                    .sorted().toList();
        } catch (SocketException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fails unless loopback is the only interface: never let a browser test leak traffic elsewhere. */
    public static void require() {
        List<String> names = interfaces();
        if (!names.equals(List.of("lo"))) {
            throw new IllegalStateException("browser tests must run in a loopback-only network namespace"
                    + " (mvn verify runs them through server/src/test/namespace/bin/java); interfaces here: " + names);
        }
    }
}

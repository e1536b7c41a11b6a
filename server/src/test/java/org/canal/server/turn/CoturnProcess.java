package org.canal.server.turn;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.canal.protocol.stun.StunMessage;
import org.canal.protocol.stun.StunMessageClass;
import org.canal.protocol.stun.StunMessageWriter;

/**
 * Debian's real coturn ({@code turnserver}) for one test class, shared by every test that needs a TURN
 * server (TurnServerIT, the P2P browser tests): listening on 127.0.0.1 at the port the test gives,
 * relaying only on the test's port range, with {@code use-auth-secret} and a secret generated for this
 * run. The configuration (secret included) goes into a file only this user can read (0600, in a 0700
 * directory), as deploy/coturn/turnserver.conf does, never onto the command line where {@code ps} would
 * show it. Unlike production it allows loopback peers, the only peers there are in the test namespace.
 * Without {@code /usr/bin/turnserver} {@link #start} fails (never skips) and says how to install it.
 */
public final class CoturnProcess implements AutoCloseable {
    public static final String HOST = "127.0.0.1";
    public static final String REALM = "canal.test";
    private static final Path TURNSERVER = Path.of("/usr/bin/turnserver");
    private static final long READY_WITHIN_MILLIS = 20_000;

    private final int port;
    private final int minRelayPort;
    private final int maxRelayPort;
    private final String secret;
    private final Path dir;
    private final Path log;
    private final Process process;

    private CoturnProcess(int port, int minRelayPort, int maxRelayPort, String secret, Path dir, Process process) {
        this.port = port;
        this.minRelayPort = minRelayPort;
        this.maxRelayPort = maxRelayPort;
        this.secret = secret;
        this.dir = dir;
        this.log = dir.resolve("turnserver.log");
        this.process = process;
    }

    /**
     * Starts coturn on {@value #HOST}:{@code port}, relaying on {@code minRelayPort}-{@code maxRelayPort},
     * and waits until it answers a STUN Binding request. Throws {@link AssertionError} (with coturn's log)
     * when it is not installed, exits, or does not answer within 20 s.
     */
    public static CoturnProcess start(int port, int minRelayPort, int maxRelayPort) throws Exception {
        if (!Files.isExecutable(TURNSERVER)) {
            throw new AssertionError(TURNSERVER + " is missing or not executable: this test needs Debian's coturn"
                    + " package (./test.sh installs it: apt-get install coturn)");
        }
        if (minRelayPort > maxRelayPort) {
            throw new IllegalArgumentException("relay range " + minRelayPort + "-" + maxRelayPort);
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path dir = Files.createTempDirectory("canal-coturn", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        // created 0600 before the secret goes in: never readable by others, not even for a moment
        Path config = Files.createFile(dir.resolve("turnserver.conf"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        Files.writeString(config, String.join("\n", List.of(
                "listening-ip=" + HOST,
                "relay-ip=" + HOST,
                "listening-port=" + port,
                "min-port=" + minRelayPort,
                "max-port=" + maxRelayPort,
                "use-auth-secret",
                "static-auth-secret=" + secret,
                "realm=" + REALM,
                "no-cli",
                "no-tls",
                "no-dtls",
                "no-tcp-relay",
                "allow-loopback-peers",
                "pidfile=" + dir.resolve("turnserver.pid"),
                "userdb=" + dir.resolve("turndb"),
                "log-file=stdout",
                "simple-log")) + "\n", StandardCharsets.UTF_8);
        Process process;
        try {
            process = new ProcessBuilder(TURNSERVER.toString(), "-c", config.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("turnserver.log").toFile()).start();
        } catch (IOException e) {
            deleteTree(dir);
            throw new AssertionError("could not run " + TURNSERVER + ": " + e.getMessage(), e);
        }
        CoturnProcess coturn = new CoturnProcess(port, minRelayPort, maxRelayPort, secret, dir, process);
        try {
            coturn.awaitReady();
        } catch (Exception | AssertionError e) {
            String log = coturn.logText();
            coturn.close();
            throw new AssertionError(e.getMessage() + "\ncoturn's log:\n" + log, e);
        }
        return coturn;
    }

    /** The {@code use-auth-secret} secret, for the node's {@code turn.secret} or a test's own credentials. */
    public String secret() {
        return secret;
    }

    public int port() {
        return port;
    }

    public int minRelayPort() {
        return minRelayPort;
    }

    public int maxRelayPort() {
        return maxRelayPort;
    }

    /** The address coturn listens on. */
    public InetSocketAddress address() {
        return new InetSocketAddress(HOST, port);
    }

    /** Its URL for the node's {@code turn.urls} (UDP only: the test coturn has no TCP relay or TLS). */
    public String turnUrl() {
        return "turn:" + HOST + ":" + port + "?transport=udp";
    }

    /** coturn's own log (it never writes the secret there), for a failing test's message. */
    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_WITHIN_MILLIS);
        byte[] id = new byte[StunMessage.TRANSACTION_ID_LENGTH];
        new SecureRandom().nextBytes(id);
        byte[] request = new byte[64];
        int n = new StunMessageWriter().start(request, 0, request.length, StunMessageClass.REQUEST,
                StunMessage.METHOD_BINDING, id, 0).fingerprint().finish();
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(HOST, 0))) {
            probe.setSoTimeout(250);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new AssertionError("coturn exited with " + process.exitValue());
                }
                probe.send(new DatagramPacket(request, n, address()));
                try {
                    probe.receive(new DatagramPacket(new byte[1500], 1500));
                    return;
                } catch (SocketTimeoutException notYet) {
                    // coturn binds its listener a moment after it starts
                }
            }
        }
        throw new AssertionError("coturn did not answer STUN on " + HOST + ":" + port + " within "
                + READY_WITHIN_MILLIS + " ms");
    }

    /** Stops the process this object started (by its handle, nothing else) and deletes its files. */
    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        deleteTree(dir);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

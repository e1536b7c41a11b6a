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
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.canal.protocol.stun.StunMessage;
import org.canal.protocol.stun.StunMessageClass;
import org.canal.protocol.stun.StunMessageWriter;

/**
 * Debian's real coturn ({@code turnserver}) for a test: listening on 127.0.0.1:{@value #PORT}, relaying
 * on ports {@value #MIN_RELAY_PORT}-{@value #MAX_RELAY_PORT} only, with {@code use-auth-secret} and a
 * secret generated for this run. The configuration (secret included) goes into a file only this user
 * can read, as deploy/coturn/turnserver.conf does, never onto the command line where {@code ps} would
 * show it. Unlike production it allows loopback peers, the only peers there are in the test namespace.
 */
final class CoturnProcess implements AutoCloseable {
    static final String HOST = "127.0.0.1";
    static final int PORT = 40070;
    static final int MIN_RELAY_PORT = 40100;
    static final int MAX_RELAY_PORT = 40199;
    static final String REALM = "canal.test";
    private static final Path TURNSERVER = Path.of("/usr/bin/turnserver");
    private static final long READY_WITHIN_MILLIS = 20_000;

    final String secret;
    final Path log;
    private final Path dir;
    private final Process process;

    private CoturnProcess(String secret, Path dir, Path log, Process process) {
        this.secret = secret;
        this.dir = dir;
        this.log = log;
        this.process = process;
    }

    /** Starts coturn and waits until it answers a STUN Binding request; fails, never skips, without it. */
    static CoturnProcess start() throws Exception {
        if (!Files.isExecutable(TURNSERVER)) {
            throw new AssertionError(TURNSERVER + " is missing: install Debian's coturn package (./test.sh does)");
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path dir = Files.createTempDirectory("canal-coturn", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        Path config = dir.resolve("turnserver.conf");
        Files.writeString(config, String.join("\n", List.of(
                "listening-ip=" + HOST,
                "relay-ip=" + HOST,
                "listening-port=" + PORT,
                "min-port=" + MIN_RELAY_PORT,
                "max-port=" + MAX_RELAY_PORT,
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
        Path log = dir.resolve("turnserver.log");
        Process process = new ProcessBuilder(TURNSERVER.toString(), "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        CoturnProcess coturn = new CoturnProcess(secret, dir, log, process);
        try {
            coturn.awaitReady();
        } catch (Exception | AssertionError e) {
            coturn.close();
            throw e;
        }
        return coturn;
    }

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_WITHIN_MILLIS);
        byte[] id = new byte[StunMessage.TRANSACTION_ID_LENGTH];
        byte[] request = new byte[64];
        int n = new StunMessageWriter().start(request, 0, request.length, StunMessageClass.REQUEST,
                StunMessage.METHOD_BINDING, id, 0).fingerprint().finish();
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(HOST, 0))) {
            probe.setSoTimeout(250);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new AssertionError("coturn exited with " + process.exitValue() + ":\n" + logText());
                }
                probe.send(new DatagramPacket(request, n, new InetSocketAddress(HOST, PORT)));
                try {
                    probe.receive(new DatagramPacket(new byte[1500], 1500));
                    return;
                } catch (SocketTimeoutException notYet) {
                    // coturn binds its listener a moment after it starts
                }
            }
        }
        throw new AssertionError("coturn did not answer STUN within " + READY_WITHIN_MILLIS + " ms:\n" + logText());
    }

    /** coturn's own log (it never writes the secret there). */
    String logText() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Stops the process this object started (by its handle) and deletes its files. */
    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

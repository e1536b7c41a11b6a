package org.canal.server.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpResponseExpectation;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.canal.peer.Peer;
import org.canal.peer.PeerOptions;
import org.canal.peer.PeerSession;
import org.canal.peer.RtpStreamSource;
import org.canal.protocol.sdp.MediaDescription;
import org.canal.protocol.sdp.SessionDescription;
import org.canal.protocol.stun.StunIntegrityChecker;
import org.canal.protocol.stun.StunMessage;
import org.canal.protocol.stun.StunMessageClass;
import org.canal.protocol.stun.StunMessageWriter;
import org.canal.server.CanalNode;
import org.canal.server.NodeOptionsLoader;
import org.canal.server.browser.LoopbackNamespace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4's log test: after end users from their own addresses have joined, published, been
 * moderated and misbehaved, neither the node's log (every java.util.logging record at FINE, of Canal,
 * Vert.x, Netty, Hazelcast and ice4j, as the installed formatter writes it) nor the audit log file holds
 * any of their addresses. The node is 127.0.0.1; the end users are 127.0.0.2 to 127.0.0.6, which only a
 * loopback-only network namespace lets one JVM use (docs/testing.md).
 *
 * <ul>
 *   <li>127.0.0.2 (Ana, a moderator) and 127.0.0.3 (Bo): canal-peer clients (ice4j, BouncyCastle DTLS)
 *       that join through the real WebSocket signaling, publish with an SDP offer carrying their own
 *       candidates, connect ICE and DTLS-SRTP to the node's media port and send RTP. Ana locks the
 *       call and kicks Bo (both audited).</li>
 *   <li>127.0.0.4: garbage datagrams to the media port (noise, truncated STUN, DTLS, RTP, a binding
 *       request for Ana's transport signed with a wrong password).</li>
 *   <li>127.0.0.5: WebSockets with malformed JSON, a forged token, and a valid token for the locked call
 *       (an audited refusal).</li>
 *   <li>127.0.0.6: HTTPS to the admin API with a wrong key.</li>
 * </ul>
 *
 * <p>The test can fail: the same records written without masking must show at least one of those
 * addresses (Netty's and Vert.x's FINE lines name the remote end of every connection).
 */
class LogPrivacyIT {
    static final List<String> END_USERS = List.of("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.6");
    static final String SERVER = "acme";
    static final String CHANNEL = "general";
    static final List<String> EVERY_GRANT = List.of("join", "publish:audio", "publish:video", "subscribe", "moderate");
    static final List<String> PARTICIPANT = List.of("join", "publish:audio", "publish:video", "subscribe");

    @TempDir
    Path home;

    /** java.util.logging holds loggers weakly; these keep the FINE level for the test's length. */
    private final List<Logger> held = new ArrayList<>();

    @Test
    void endUsersAddressesReachNeitherTheLogNorTheAuditFile() throws Exception {
        LoopbackNamespace.require();
        // Load the classes that quiet their libraries' loggers first, so that FINE below overrides them.
        Class.forName("org.canal.cluster.CanalCluster");
        Class.forName("org.canal.peer.Ice4jSettings");
        NodeLogging.install(List.of());
        Logger root = LogManager.getLogManager().getLogger("");
        Handler console = Arrays.stream(root.getHandlers())
                .filter(h -> h.getFormatter() instanceof MaskingLogFormatter).findFirst().orElseThrow();
        LogCapture capture = new LogCapture(console.getFormatter());
        Level consoleLevel = console.getLevel();
        console.setLevel(Level.INFO); // FINE goes to the capture only, not into the test report
        root.addHandler(capture);
        everyLoggerAtFine();
        CanalNode node = null;
        try {
            node = CanalNode.start(NodeOptionsLoader.load(true, Optional.empty(), Map.of("CANAL_HOME", home.toString(),
                    "CANAL_HTTPS_PORT", "0", "CANAL_MEDIA_PORT", "0", "CANAL_P2P_MODE", "off"))).await(60, TimeUnit.SECONDS);
            everyLoggerAtFine(); // loggers that set their own level while the node started
            actAsEndUsers(node);
        } finally {
            if (node != null) {
                node.close().await(30, TimeUnit.SECONDS);
            }
            root.removeHandler(capture);
            console.setLevel(consoleLevel);
        }
        String log = capture.masked();
        Path auditFile = home.resolve("audit.log");
        String audit = Files.readString(auditFile, StandardCharsets.UTF_8);
        Files.writeString(reportDir().resolve("LogPrivacyIT-log.txt"), log, StandardCharsets.UTF_8);

        assertThat(capture.records()).as("records captured at FINE").isGreaterThan(100);
        assertThat(log).as("the node's own address may show").contains("127.0.0.1");
        assertThat(audit).as("the audit log").contains("\"lock\"", "\"kick\"");
        for (String address : END_USERS) {
            assertThat(log).as("the node's log").doesNotContain(address);
            assertThat(audit).as("the audit log").doesNotContain(address);
        }
        // Without the masking, the same records would have carried end users' addresses.
        assertThat(END_USERS).as("end users' addresses in the unmasked records")
                .anySatisfy(address -> assertThat(capture.raw()).contains(address));
        assertThat(log).contains(AddressMasker.MASK);

        // And a library's record that names one directly is masked the same way on its way out.
        capture.publish(new java.util.logging.LogRecord(Level.WARNING, "Connection reset by /127.0.0.5:40123"));
        assertThat(capture.masked()).endsWith("Connection reset by /<ip>:<port>" + System.lineSeparator());
    }

    private void everyLoggerAtFine() {
        LogManager manager = LogManager.getLogManager();
        for (String name : Collections.list(manager.getLoggerNames())) {
            Logger logger = manager.getLogger(name);
            if (logger != null && (logger.getLevel() != null || name.isEmpty())) {
                logger.setLevel(Level.FINE);
                held.add(logger);
            }
        }
    }

    private static void actAsEndUsers(CanalNode node) throws Exception {
        Vertx vertx = node.vertx();
        try (Peer anaPeer = Peer.create(PeerOptions.builder().localAddress(InetAddress.getByName("127.0.0.2")).build());
                Peer boPeer = Peer.create(PeerOptions.builder().localAddress(InetAddress.getByName("127.0.0.3")).build());
                EndUserSocket ana = EndUserSocket.open(vertx, node, "127.0.0.2");
                EndUserSocket bo = EndUserSocket.open(vertx, node, "127.0.0.3")) {
            JsonObject anaJoined = join(ana, node.tokens().join("user-ana", SERVER, CHANNEL, EVERY_GRANT, Duration.ofMinutes(5)), "Ana");
            JsonObject boJoined = join(bo, node.tokens().join("user-bo", SERVER, CHANNEL, PARTICIPANT, Duration.ofMinutes(5)), "Bo");
            assertThat(anaJoined.getJsonObject("grants").getBoolean("moderate")).isTrue();

            PublishedPeer anaMedia = publish(ana, anaPeer, 1111, 2222);
            PublishedPeer boMedia = publish(bo, boPeer, 3333, 4444);
            anaMedia.sendVideo(2222, 30);
            boMedia.sendVideo(4444, 30);

            GarbageFrom4.send(anaMedia.mediaPort, anaMedia.nodeUfrag);

            ana.send(new JsonObject().put("type", "moderate").put("id", "m1").put("action", "lock"));
            assertThat(ana.next("moderated").getString("result")).isEqualTo("done");

            try (EndUserSocket intruder = EndUserSocket.open(vertx, node, "127.0.0.5")) {
                intruder.sendText("{\"type\":\"join\",");            // malformed JSON
                intruder.next("error");
                intruder.sendText("[1,2,3]");                          // JSON, but no message
                intruder.next("error");
                String forged = node.tokens().join("user-eve", SERVER, CHANNEL, PARTICIPANT, Duration.ofMinutes(5));
                intruder.send(joinMessage(forged.substring(0, forged.length() - 4) + "AAAA", "Eve"));
                assertThat(intruder.next("error").getString("code")).startsWith("TOKEN_");
            }
            try (EndUserSocket late = EndUserSocket.open(vertx, node, "127.0.0.5")) {
                late.send(joinMessage(node.tokens().join("user-cy", SERVER, CHANNEL, PARTICIPANT, Duration.ofMinutes(5)), "Cy"));
                assertThat(late.next("error").getString("code")).isEqualTo("CHANNEL_LOCKED");
            }

            String boId = boJoined.getJsonObject("self").getString("id");
            ana.send(new JsonObject().put("type", "moderate").put("id", "m2").put("action", "kick").put("participant", boId));
            assertThat(ana.next("moderated").getString("result")).isEqualTo("done");
            await().atMost(Duration.ofSeconds(EndUserSocket.WAIT_SECONDS)).until(bo::isClosed);

            wrongAdminKeyFrom6(vertx, node);

            ana.send(new JsonObject().put("type", "leave").put("id", "bye"));
            ana.next("left");
            anaMedia.session.close();
            boMedia.session.close();
        }
    }

    private static JsonObject join(EndUserSocket socket, String token, String name) throws Exception {
        socket.send(joinMessage(token, name));
        return socket.next("joined");
    }

    private static JsonObject joinMessage(String token, String name) {
        return new JsonObject().put("type", "join").put("id", "j").put("v", 1).put("token", token).put("name", name);
    }

    /** A connected publisher: its session and what the node's answer said about the media port. */
    record PublishedPeer(PeerSession session, int mediaPort, String nodeUfrag) {
        void sendVideo(long ssrc, int packets) throws Exception {
            RtpStreamSource video = RtpStreamSource.builder(ssrc, 96, 90_000, 200)
                    .frameInterval(Duration.ofMillis(20)).packetsPerFrame(1).mid(4, "1").build();
            byte[] buf = new byte[1500];
            for (int i = 0; i < packets; i++) {
                session.sendRtp(buf, 0, video.next(buf, 0));
                Thread.sleep(5);
            }
        }
    }

    /** Publishes audio and video with an offer that carries the peer's own candidate, then connects. */
    private static PublishedPeer publish(EndUserSocket socket, Peer peer, long audioSsrc, long videoSsrc) throws Exception {
        socket.send(new JsonObject().put("type", "publish").put("id", "p").put("sdp", OfferSdp.of(peer, audioSsrc, videoSsrc)));
        SessionDescription answer = SessionDescription.parse(socket.next("publishAnswer").getString("sdp"));
        MediaDescription first = answer.media().get(0);
        List<InetSocketAddress> candidates = first.candidates().stream()
                .map(c -> new InetSocketAddress(c.address(), c.port())).toList();
        String ufrag = first.iceUfrag().or(answer::iceUfrag).orElseThrow();
        PeerSession session = peer.connect(ufrag, first.icePwd().or(answer::icePwd).orElseThrow(),
                first.fingerprint().orElseThrow().hex(), candidates).get(30, TimeUnit.SECONDS);
        return new PublishedPeer(session, candidates.get(0).getPort(), ufrag);
    }

    private static void wrongAdminKeyFrom6(Vertx vertx, CanalNode node) throws Exception {
        HttpClientAgent client = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setLocalAddress("127.0.0.6")
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(node.certificate().orElseThrow().certificatePem()))));
        try {
            int status = client.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
                            .setPort(node.httpsPort()).setURI("/admin/invites").putHeader("Authorization", "Bearer not-the-key"))
                    .compose(request -> request.send()).map(response -> response.statusCode())
                    .await(EndUserSocket.WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(status).isEqualTo(401);
        } finally {
            client.close().await(EndUserSocket.WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    private static Path reportDir() throws Exception {
        Path dir = Path.of(System.getProperty("canal.test.reports", "target/failsafe-reports"));
        Files.createDirectories(dir);
        return dir;
    }

    /** Hostile datagrams to the media port from 127.0.0.4. */
    static final class GarbageFrom4 {
        static void send(int mediaPort, String nodeUfrag) throws Exception {
            Random random = new Random(4);
            try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.4", 0))) {
                InetAddress node = InetAddress.getByName("127.0.0.1");
                for (int round = 0; round < 20; round++) {
                    byte[] noise = new byte[1 + random.nextInt(1200)];
                    random.nextBytes(noise);
                    byte[] binding = wrongPasswordBinding(nodeUfrag, random);
                    for (byte[] datagram : new byte[][] {noise, Arrays.copyOf(binding, 13), binding,
                            {0x16, (byte) 0xfe, (byte) 0xfd, 0, 0, 0, 0}, {(byte) 0x80, 0x60, 0, 1}}) {
                        socket.send(new DatagramPacket(datagram, datagram.length, node, mediaPort));
                    }
                }
            }
        }

        /** An ICE binding request (RFC 8445 section 7.1.2) for the node's transport, signed with a wrong key. */
        private static byte[] wrongPasswordBinding(String nodeUfrag, Random random) {
            byte[] buf = new byte[256];
            byte[] transactionId = new byte[StunMessage.TRANSACTION_ID_LENGTH];
            random.nextBytes(transactionId);
            byte[] username = (nodeUfrag + ":intruder").getBytes(StandardCharsets.US_ASCII);
            int length = new StunMessageWriter()
                    .start(buf, 0, buf.length, StunMessageClass.REQUEST, StunMessage.METHOD_BINDING, transactionId, 0)
                    .username(username, 0, username.length).priority(0x6E7F1EFFL).iceControlling(random.nextLong())
                    .useCandidate().messageIntegrity(StunIntegrityChecker.shortTerm("wrong-password-of-nobody"))
                    .fingerprint().finish();
            return Arrays.copyOf(buf, length);
        }
    }
}

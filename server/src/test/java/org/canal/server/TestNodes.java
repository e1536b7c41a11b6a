package org.canal.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.UUID;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Dev-mode options on ephemeral ports with a throw-away home, and TLS contexts that trust a node. */
public final class TestNodes {
    private TestNodes() {}

    static Map<String, String> devEnvironment(Path home) {
        Map<String, String> environment = new HashMap<>();
        environment.put("CANAL_HOME", home.toString());
        environment.put("CANAL_HTTPS_PORT", "0");
        environment.put("CANAL_NODE_ID", "test-" + Long.toHexString(System.nanoTime()));
        // A Hazelcast member of its own: a random cluster name on a port free right now.
        int clusterPort = freePort();
        environment.put("CANAL_CLUSTER_NAME", "canal-test-" + UUID.randomUUID().toString().substring(0, 12));
        environment.put("CANAL_CLUSTER_PORT", Integer.toString(clusterPort));
        environment.put("CANAL_CLUSTER_PORT_COUNT", "1");
        environment.put("CANAL_CLUSTER_MEMBERS", "127.0.0.1:" + clusterPort);
        return environment;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An HTTPS client that trusts only the node's generated certificate. */
    public static HttpClient httpsClient(CanalNode node) throws Exception {
        return HttpClient.newBuilder().sslContext(trusting(node.certificate().orElseThrow()))
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    static NodeOptions devOptions(Path home) {
        return NodeOptionsLoader.load(true, Optional.empty(), devEnvironment(home));
    }

    /** An SSL context whose only trusted certificate is the node's generated one. */
    public static SSLContext trusting(SelfSignedCertificate certificate) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("canal", CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(certificate.certificatePem().getBytes(StandardCharsets.US_ASCII))));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}

package org.canal.server;

import java.io.ByteArrayInputStream;
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
        return environment;
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

package org.canal.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** A dev node over real TLS on 127.0.0.1: the page, /health and the security headers on every response. */
class CanalNodeHttpsTest {
    @TempDir
    static Path home;
    static CanalNode node;

    @BeforeAll
    static void start() throws Exception {
        node = CanalNode.start(TestNodes.devOptions(home)).await(60, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        node.close().await(30, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void servesThePageWithEverySecurityHeaderOverTls12And13(String protocol) throws Exception {
        HttpResponse<String> page = get("/", protocol);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.sslSession().orElseThrow().getProtocol()).isEqualTo(protocol);
        assertThat(page.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(page.body()).contains("<script type=\"module\" src=\"/app.js\"></script>")
                .doesNotContain("<script>").doesNotContain("style=").doesNotContainIgnoringCase("http://");
        assertSecurityHeaders(page);
    }

    @Test
    void servesTheClientModuleAndStylesheetFromTheNodeItself() throws Exception {
        HttpResponse<String> sdk = get("/sdk/canal.js", "TLSv1.3");
        assertThat(sdk.statusCode()).isEqualTo(200);
        assertThat(sdk.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("javascript"));
        assertThat(sdk.body()).contains("export class CanalClient");
        for (String path : new String[] {"/app.js", "/canal.css"}) {
            HttpResponse<String> response = get(path, "TLSv1.3");
            assertThat(response.statusCode()).isEqualTo(200);
            // Nothing is loaded from elsewhere: no absolute URL in an import, src, href or url().
            assertThat(response.body()).doesNotContainPattern("(?i)(import|src|href|url\\()[^\\n]*(https?:)?//[a-z]");
            assertSecurityHeaders(response);
        }
    }

    @Test
    void healthAndNotFoundCarryTheHeadersToo() throws Exception {
        HttpResponse<String> health = get("/health", "TLSv1.3");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"up\"}");
        assertSecurityHeaders(health);
        HttpResponse<String> missing = get("/no-such-file", "TLSv1.2");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertSecurityHeaders(missing);
    }

    @Test
    void aDevNodeServesNoMetricsUnlessAskedAndNeverOnTheHttpsPort() throws Exception {
        assertThat(node.options().metrics()).isEmpty();
        assertThat(node.metricsPort()).isEmpty();
        // no listener and no metrics machinery at all: Vert.x was built without a metrics factory
        assertThat(node.vertx().isMetricsEnabled()).isFalse();
        HttpResponse<String> metrics = get("/metrics", "TLSv1.3");
        assertThat(metrics.statusCode()).isEqualTo(404);
        assertThat(metrics.body()).doesNotContain("canal_");
    }

    @Test
    void runsOnTheNativeTransport() {
        assertThat(node.vertx().isNativeTransportEnabled())
                .as("epoll: %s", node.vertx().unavailableNativeTransportCause()).isTrue();
    }

    @Test
    void theListenerIsRestrictedToTls12And13() throws Exception {
        // The JDK client refuses TLS 1.1 itself, so the server's own protocol list is checked here and
        // its effect on a socket below: it negotiates nothing older than TLS 1.2.
        assertThat(CanalNode.TLS_PROTOCOLS).containsExactlyInAnyOrder("TLSv1.2", "TLSv1.3");
        try (SSLSocket socket = (SSLSocket) TestNodes.trusting(node.certificate().orElseThrow()).getSocketFactory()
                .createSocket("127.0.0.1", node.httpsPort())) {
            socket.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            socket.startHandshake();
            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
    }

    private static void assertSecurityHeaders(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("strict-transport-security")).hasValue("max-age=0");
        assertThat(response.headers().firstValue("content-security-policy")).hasValue(
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' blob:;"
                        + " connect-src 'self' wss:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
        assertThat(response.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("x-frame-options")).hasValue("DENY");
        assertThat(response.headers().firstValue("referrer-policy")).hasValue("no-referrer");
        assertThat(response.headers().firstValue("permissions-policy"))
                .hasValue("camera=(self), microphone=(self), display-capture=(self)");
    }

    private static HttpResponse<String> get(String path, String protocol) throws Exception {
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(new String[] {protocol});
        HttpClient client = HttpClient.newBuilder().sslContext(TestNodes.trusting(node.certificate().orElseThrow()))
                .sslParameters(parameters).connectTimeout(Duration.ofSeconds(10)).build();
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + node.httpsPort() + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

package org.canal.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The plain HTTP side of the routes: no upgrade, unknown calls, diagnostics switched off. */
@ExtendWith(VertxExtension.class)
class HttpEndpointsTest {

    private static int status(Vertx vertx, int port, String path) throws Exception {
        HttpClient client = vertx.createHttpClient();
        try {
            HttpClientResponse r = SignalingNode.await(client.request(HttpMethod.GET, port, "127.0.0.1", path)
                    .compose(req -> req.send()));
            return r.statusCode();
        } finally {
            client.close();
        }
    }

    @Test
    void wsWithoutUpgradeAndUnknownCallsAreRefused(Vertx vertx) throws Exception {
        try (SignalingNode node = SignalingNode.start(vertx)) {
            assertThat(status(vertx, node.port(), "/ws")).isEqualTo(400);
            assertThat(status(vertx, node.port(), "/diagnostics/calls/srv/none")).isEqualTo(404);
            assertThat(node.diagnostics("none").getString("error")).isEqualTo("UNKNOWN_CALL");
            assertThat(status(vertx, node.port(), "/diagnostics/calls/srv/a%20b")).isEqualTo(400);
        }
    }

    @Test
    void diagnosticsAreOffUnlessEnabled(Vertx vertx) throws Exception {
        try (SignalingNode node = SignalingNode.start(vertx,
                SignalingNode.defaultOptions("node-nodiag").withDiagnostics(false))) {
            WsClient ana = node.client();
            node.joinInvite(ana, "x", "Ana");
            assertThat(status(vertx, node.port(), "/diagnostics/calls/srv/x")).isEqualTo(404);
            ana.close();
        }
    }
}

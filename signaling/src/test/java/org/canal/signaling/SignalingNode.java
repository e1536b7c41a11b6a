package org.canal.signaling;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.canal.media.MediaOptions;
import org.canal.media.MediaVerticle;
import org.canal.media.api.MediaControl;

/**
 * A signaling node for tests: the real media engine (a MediaVerticle on an ephemeral UDP port of
 * 127.0.0.1) with a recorder of the commands signaling sends it, Signaling mounted on a router, and an
 * HTTP server on 127.0.0.1 at an ephemeral port (plain HTTP: TLS is the server module's).
 */
final class SignalingNode implements AutoCloseable {
    static final byte[] SECRET = "a test secret of at least thirty-two bytes".getBytes(StandardCharsets.UTF_8);
    static final String ISSUER = "canal-test";

    final Vertx vertx;
    final String nodeId;
    final SignalingOptions options;
    final MediaVerticle engine;
    final MediaCommandRecorder media;
    final Signaling signaling;
    final HttpServer server;
    final JoinTokens tokens;

    private final String engineDeployment;

    private SignalingNode(Vertx vertx, String nodeId, SignalingOptions options, MediaVerticle engine,
            String engineDeployment, MediaCommandRecorder media, Signaling signaling, HttpServer server) {
        this.vertx = vertx;
        this.nodeId = nodeId;
        this.options = options;
        this.engine = engine;
        this.engineDeployment = engineDeployment;
        this.media = media;
        this.signaling = signaling;
        this.server = server;
        this.tokens = JoinTokens.hs256(SECRET, ISSUER);
    }

    static SignalingOptions defaultOptions(String nodeId) {
        return SignalingOptions.defaults(nodeId, TokenKeys.hs256(SECRET), ISSUER).withDiagnostics(true);
    }

    static SignalingNode start(Vertx vertx) throws Exception {
        return start(vertx, defaultOptions("node-" + Ids.random(6).replace('_', 'x')));
    }

    static SignalingNode start(Vertx vertx, SignalingOptions options) throws Exception {
        return start(vertx, options, SessionDirectory.inMemory());
    }

    /** A node whose sessions go to {@code directory}, which other test nodes may share. */
    static SignalingNode start(Vertx vertx, SignalingOptions options, SessionDirectory directory) throws Exception {
        MediaVerticle engine = new MediaVerticle(options.nodeId(), MediaOptions.defaults().withPort(0));
        String engineDeployment = await(vertx.deployVerticle(engine));
        MediaCommandRecorder media = MediaCommandRecorder.install(vertx, options.nodeId());
        Signaling signaling = Signaling.create(vertx, options, new MediaControl(vertx, options.nodeId()), directory);
        Router router = Router.router(vertx);
        signaling.mount(router);
        HttpServer server = await(vertx.createHttpServer(options.applyWebSocketLimits(new HttpServerOptions()))
                .requestHandler(router).listen(0, "127.0.0.1"));
        return new SignalingNode(vertx, options.nodeId(), options, engine, engineDeployment, media, signaling, server);
    }

    int port() {
        return server.actualPort();
    }

    WsClient client() throws Exception {
        return WsClient.connect(vertx, port());
    }

    /** A client that joined {@code channel} with an invite as {@code name}; its {@code joined} is returned. */
    JsonObject joinInvite(WsClient client, String channel, String name) throws Exception {
        client.send(join(tokens.mintInvite("srv", channel, Duration.ofMinutes(5)), name));
        return client.next("joined");
    }

    static JsonObject join(String token, String name) {
        return new JsonObject().put("type", "join").put("v", 1).put("token", token).put("name", name);
    }

    /** GET /diagnostics/calls/srv/{channel} as JSON. */
    JsonObject diagnostics(String channel) throws Exception {
        var client = vertx.createHttpClient();
        try {
            return await(client.request(io.vertx.core.http.HttpMethod.GET, port(), "127.0.0.1",
                    "/diagnostics/calls/srv/" + channel).compose(r -> r.send()).compose(r -> r.body()))
                    .toJsonObject();
        } finally {
            client.close();
        }
    }

    static <T> T await(io.vertx.core.Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(WsClient.WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        await(signaling.close());
        await(server.close());
        await(vertx.undeploy(engineDeployment));
        media.close();
    }
}

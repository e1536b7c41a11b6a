package org.canal.server.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.EnumSet;
import org.canal.media.api.MediaControl;
import org.canal.signaling.SignalingCounters;

/**
 * A node's Prometheus metrics (docs/metrics.md): one registry per node holding Vert.x's and the JVM's
 * meters and Canal's own ({@link CanalMeters}), served as {@code GET /metrics} in the Prometheus text
 * format on a plain-HTTP listener of its own, never on the public HTTPS port.
 *
 * <p>Privacy: no meter carries an address, a participant, a session, a channel or a token. Vert.x's
 * labels are limited to {@link #VERTX_LABELS} (no local/remote address, no HTTP path, no event-bus
 * address), and Vert.x's UDP metrics are off: they would cost on every media datagram.
 */
public final class NodeMetrics {
    /** The Prometheus text exposition format, version 0.0.4. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    static final EnumSet<Label> VERTX_LABELS = EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE,
            Label.POOL_NAME, Label.EB_SIDE, Label.EB_FAILURE);
    private static final System.Logger LOG = System.getLogger(NodeMetrics.class.getName());

    private final String host;
    private final int port;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private MediaStatsCache media;
    private CanalMeters canal;
    private HttpServer server;

    /** Metrics served on {@code host:port} (port 0: ephemeral) once {@link #start} is called. */
    public NodeMetrics(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** Vert.x with its own and the JVM's meters in this registry; call before the node's Vert.x exists. */
    public Vertx createVertx(VertxOptions options) {
        MicrometerMetricsOptions metrics = new MicrometerMetricsOptions().setJvmMetricsEnabled(true)
                .setLabels(VERTX_LABELS).addDisabledMetricsCategory(MetricsDomain.DATAGRAM_SOCKET);
        metrics.setEnabled(true);
        VertxBuilder builder = Vertx.builder().with(new VertxOptions(options).setMetricsOptions(metrics))
                .withMetrics(new MicrometerMetricsFactory(registry));
        return builder.build();
    }

    /** Adds Canal's meters and starts the listener; completes with its port. */
    public Future<Integer> start(Vertx vertx, SignalingCounters signaling, MediaControl mediaControl) {
        media = new MediaStatsCache(mediaControl, System::nanoTime);
        canal = new CanalMeters(registry, signaling, media);
        return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
                .requestHandler(this::handle).listen().map(listening -> {
                    server = listening;
                    LOG.log(System.Logger.Level.INFO, "Prometheus metrics on http://{0}:{1,number,#}/metrics",
                            host, listening.actualPort());
                    return listening.actualPort();
                });
    }

    private void handle(HttpServerRequest request) {
        if (!request.path().equals("/metrics")) {
            request.response().setStatusCode(404).end();
            return;
        }
        if (request.method() != HttpMethod.GET) {
            request.response().setStatusCode(405).putHeader("allow", "GET").end();
            return;
        }
        media.refresh().onComplete(refreshed -> {
            canal.registerNewDropReasons();
            request.response().putHeader("content-type", CONTENT_TYPE).putHeader("cache-control", "no-store")
                    .end(registry.scrape());
        });
    }

    /** The listener's port, or -1 before {@link #start} completed. */
    public int port() {
        return server == null ? -1 : server.actualPort();
    }

    /** Stops the listener and the registry's own meters. */
    public Future<Void> close() {
        Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
        return closed.onComplete(ignored -> registry.close());
    }
}

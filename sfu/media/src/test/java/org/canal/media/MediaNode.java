package org.canal.media;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.canal.media.api.MediaAddresses;
import org.canal.media.api.MediaCommand;
import org.canal.media.api.MediaControl;
import org.canal.media.api.MediaEvent;

/**
 * A real node's media engine for tests: its own Vert.x (native transport preferred), a deployed
 * MediaVerticle on an ephemeral port of 127.0.0.1, a MediaControl, and the events it published.
 */
final class MediaNode implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(15);

    final Vertx vertx;
    final MediaVerticle verticle;
    final MediaControl control;
    final List<MediaEvent> events = new CopyOnWriteArrayList<>();

    MediaNode(MediaOptions options) throws Exception {
        vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        String nodeId = "node-" + Long.toHexString(System.nanoTime());
        verticle = new MediaVerticle(nodeId, options);
        MessageConsumer<MediaEvent> consumer = vertx.eventBus().consumer(MediaAddresses.events(nodeId), m -> events.add(m.body()));
        await(consumer.completion());
        await(vertx.deployVerticle(verticle));
        control = new MediaControl(vertx, nodeId);
    }

    MediaNode() throws Exception {
        this(MediaOptions.defaults().withPort(0));
    }

    <R> R send(MediaCommand<R> command) throws Exception {
        return await(control.send(command));
    }

    /** The first event of this type for this transport, waiting for it (tests share a node). */
    <E extends MediaEvent> E nextEvent(Class<E> type, String transportId) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (MediaEvent e : events) {
                if (type.isInstance(e) && e.transportId().equals(transportId)) {
                    return type.cast(e);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + type.getSimpleName() + " within " + WAIT);
    }

    static <T> T await(Future<T> future) throws Exception {
        try {
            return future.toCompletionStage().toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        await(vertx.close());
    }
}

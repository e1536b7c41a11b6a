package org.canal.media;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.List;
import java.util.Objects;
import org.canal.media.api.MediaAddresses;
import org.canal.media.api.MediaCodecs;
import org.canal.media.api.MediaCommand;
import org.canal.media.api.MediaEvent;
import org.canal.media.api.MediaException;
import org.canal.media.engine.MediaEngine;

/**
 * A node's media engine on the event bus: takes {@link MediaCommand}s on
 * {@link MediaAddresses#commands(String)}, answers each with its reply type (or fails the message with
 * the {@link MediaException}'s text, which {@code MediaControl} turns back into the typed error), and
 * publishes {@link MediaEvent}s on {@link MediaAddresses#events(String)}. Deploy one per node, as a
 * standard (event-loop) verticle; it starts {@link MediaOptions#loops()} media loops of its own.
 */
public final class MediaVerticle extends VerticleBase {
    private final String nodeId;
    private final MediaOptions options;
    private MediaEngine engine;
    private MessageConsumer<MediaCommand<?>> consumer;

    public MediaVerticle(String nodeId, MediaOptions options) {
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.options = Objects.requireNonNull(options, "options");
    }

    @Override
    public Future<?> start() {
        MediaCodecs.registerLocal(vertx);
        DeliveryOptions eventOptions = new DeliveryOptions().setCodecName(MediaCodecs.LOCAL);
        String events = MediaAddresses.events(nodeId);
        return MediaEngine.start(vertx, options, event -> vertx.eventBus().publish(events, event, eventOptions))
                .compose(started -> {
                    engine = started;
                    consumer = vertx.eventBus().consumer(MediaAddresses.commands(nodeId), this::onCommand);
                    return consumer.completion();
                });
    }

    private void onCommand(Message<MediaCommand<?>> message) {
        Object body = message.body();
        if (!(body instanceof MediaCommand<?> command)) {
            message.fail(0, new MediaException(MediaException.Code.INVALID_ARGUMENT, "not a media command").getMessage());
            return;
        }
        DeliveryOptions replyOptions = new DeliveryOptions().setCodecName(MediaCodecs.LOCAL);
        engine.handle(command).onComplete(result -> {
            if (result.succeeded()) {
                message.reply(result.result(), replyOptions);
            } else if (result.cause() instanceof MediaException e) {
                message.fail(0, e.getMessage());
            } else {
                message.fail(0, new MediaException(MediaException.Code.INTERNAL, "command failed").getMessage());
            }
        });
    }

    /** The UDP port each media loop bound (the real ones when the options asked for ephemeral ports). */
    public List<Integer> ports() {
        return engine.ports();
    }

    /** The node's DTLS certificate fingerprint (SHA-256, RFC 8122 notation). */
    public String fingerprint() {
        return engine.certificate().sha256Fingerprint();
    }

    /** Whether the loops run on Netty's native epoll transport. */
    public boolean nativeTransport() {
        return engine.nativeTransport();
    }

    @Override
    public Future<?> stop() {
        Future<Void> unregistered = consumer == null ? Future.succeededFuture() : consumer.unregister();
        return unregistered.compose(v -> engine == null ? Future.succeededFuture() : engine.close());
    }
}

package org.canal.media.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;

/**
 * Sends {@link MediaCommand}s to one node's media engine over the event bus and returns the typed
 * reply. A refusal comes back as a failed future with a {@link MediaException}.
 */
public final class MediaControl {
    private final Vertx vertx;
    private final String address;
    private final DeliveryOptions options;

    public MediaControl(Vertx vertx, String nodeId) {
        MediaCodecs.registerLocal(vertx);
        this.vertx = vertx;
        this.address = MediaAddresses.commands(nodeId);
        this.options = new DeliveryOptions().setCodecName(MediaCodecs.LOCAL).setSendTimeout(10_000);
    }

    @SuppressWarnings("unchecked")
    public <R> Future<R> send(MediaCommand<R> command) {
        return vertx.eventBus().<Object>request(address, command, options)
                .recover(failure -> Future.failedFuture(unwrap(failure)))
                .map(message -> (R) message.body());
    }

    private static Throwable unwrap(Throwable failure) {
        if (failure instanceof ReplyException reply && reply.getMessage() != null) {
            String text = reply.getMessage();
            for (MediaException.Code code : MediaException.Code.values()) {
                if (text.startsWith(code + ": ")) {
                    return new MediaException(code, text.substring(code.name().length() + 2));
                }
            }
        }
        return failure;
    }
}

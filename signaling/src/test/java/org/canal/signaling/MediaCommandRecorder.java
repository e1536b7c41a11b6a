package org.canal.signaling;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.canal.media.api.LocalTransport;
import org.canal.media.api.MediaAddresses;
import org.canal.media.api.MediaCommand;
import org.canal.media.api.TransportDirection;

/**
 * Records what signaling sends a node's real media engine, and what the engine answers, without
 * standing in for it: an event-bus outbound interceptor sees every command sent to
 * {@code MediaAddresses.commands(nodeId)} (in order) and, through the command's reply address, the
 * engine's reply to it: the {@link LocalTransport} of each {@code OpenTransport}, and each refusal.
 * Only commands sent on the node's Vert.x pass through it; the engine still answers every one.
 */
final class MediaCommandRecorder implements AutoCloseable {
    /** An OpenTransport and the engine's answer to it. */
    record OpenedTransport(MediaCommand.OpenTransport command, LocalTransport local) {}

    /** A command the engine refused, with the refusal's text ({@code CODE: reason}). */
    record Refusal(MediaCommand<?> command, String message) {}

    private final Vertx vertx;
    private final String commandAddress;
    private final List<MediaCommand<?>> commands = new CopyOnWriteArrayList<>();
    private final List<OpenedTransport> opened = new CopyOnWriteArrayList<>();
    private final List<Refusal> refusals = new CopyOnWriteArrayList<>();
    /** Commands awaiting their reply, by the reply address the event bus gave the request. */
    private final Map<String, MediaCommand<?>> awaitingReply = new ConcurrentHashMap<>();
    private final Handler<DeliveryContext<Object>> interceptor = this::intercept;

    private MediaCommandRecorder(Vertx vertx, String nodeId) {
        this.vertx = vertx;
        this.commandAddress = MediaAddresses.commands(nodeId);
    }

    static MediaCommandRecorder install(Vertx vertx, String nodeId) {
        MediaCommandRecorder recorder = new MediaCommandRecorder(vertx, nodeId);
        vertx.eventBus().addOutboundInterceptor(recorder.interceptor);
        return recorder;
    }

    private void intercept(DeliveryContext<Object> ctx) {
        try {
            Message<Object> message = ctx.message();
            Object body = ctx.body();
            if (commandAddress.equals(message.address()) && body instanceof MediaCommand<?> command) {
                commands.add(command);
                if (message.replyAddress() != null) {
                    awaitingReply.put(message.replyAddress(), command);
                }
            } else if (message.address() != null) {
                MediaCommand<?> command = awaitingReply.remove(message.address());
                if (command instanceof MediaCommand.OpenTransport open && body instanceof LocalTransport local) {
                    opened.add(new OpenedTransport(open, local));
                } else if (command != null && body instanceof ReplyException refused) {
                    refusals.add(new Refusal(command, refused.getMessage()));
                }
            }
        } finally {
            ctx.next();
        }
    }

    /** Every command sent to the engine, in the order sent. */
    List<MediaCommand<?>> commands() {
        return List.copyOf(commands);
    }

    <T extends MediaCommand<?>> List<T> commands(Class<T> kind) {
        return commands.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /** The transports the engine opened, in the order it answered. */
    List<OpenedTransport> opened() {
        return List.copyOf(opened);
    }

    /** The commands the engine refused. */
    List<Refusal> refusals() {
        return List.copyOf(refusals);
    }

    /** The transport the engine opened for {@code sessionId} in {@code direction}, waiting for it. */
    LocalTransport transport(String sessionId, TransportDirection direction) {
        long deadline = System.nanoTime() + Duration.ofSeconds(WsClient.WAIT_SECONDS).toNanos();
        while (true) {
            for (OpenedTransport o : opened) {
                if (o.command().sessionId().equals(sessionId) && o.command().direction() == direction) {
                    return o.local();
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the engine opened no " + direction + " transport for session " + sessionId);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    @Override
    public void close() {
        vertx.eventBus().removeOutboundInterceptor(interceptor);
    }
}

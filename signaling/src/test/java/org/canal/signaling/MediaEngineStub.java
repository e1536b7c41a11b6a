package org.canal.signaling;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.canal.media.api.CallStats;
import org.canal.media.api.IceCandidate;
import org.canal.media.api.LocalTransport;
import org.canal.media.api.MediaAddresses;
import org.canal.media.api.MediaCodecs;
import org.canal.media.api.MediaCommand;
import org.canal.media.api.MediaEvent;

/**
 * The one stand-in for the media engine in signaling's tests: it takes commands on
 * {@code MediaAddresses.commands(nodeId)}, answers OpenTransport with a LocalTransport (ICE-lite
 * credentials, a fixed fingerprint, one host candidate on 127.0.0.1), answers the other commands with
 * success, and records every command in order. The lead can replace it with the real MediaVerticle.
 */
public final class MediaEngineStub {
    public static final String FINGERPRINT =
            "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";
    public static final int MEDIA_PORT = 40000;

    private final Vertx vertx;
    private final String nodeId;
    private final List<MediaCommand<?>> commands = new CopyOnWriteArrayList<>();
    private final AtomicInteger transports = new AtomicInteger();
    private final DeliveryOptions local = new DeliveryOptions().setCodecName(MediaCodecs.LOCAL);
    private MessageConsumer<Object> consumer;

    private MediaEngineStub(Vertx vertx, String nodeId) {
        this.vertx = vertx;
        this.nodeId = nodeId;
    }

    public static Future<MediaEngineStub> start(Vertx vertx, String nodeId) {
        MediaCodecs.registerLocal(vertx);
        MediaEngineStub stub = new MediaEngineStub(vertx, nodeId);
        stub.consumer = vertx.eventBus().consumer(MediaAddresses.commands(nodeId), stub::onCommand);
        return stub.consumer.completion().map(stub);
    }

    private void onCommand(Message<Object> message) {
        MediaCommand<?> command = (MediaCommand<?>) message.body();
        commands.add(command);
        if (command instanceof MediaCommand.OpenTransport open) {
            int n = transports.incrementAndGet();
            message.reply(new LocalTransport("t" + n + "-" + open.direction().name().toLowerCase(), "uf" + n + "abcd",
                    "pwd" + n + "abcdefghijklmnopqrstuv", "sha-256", FINGERPRINT,
                    List.of(new IceCandidate("127.0.0.1", MEDIA_PORT, 2130706431L))), local);
        } else if (command instanceof MediaCommand.DescribeCall describe) {
            message.reply(new CallStats(describe.callId(), 0, List.of()), local);
        } else {
            message.reply(null);
        }
    }

    /** Publishes a media event as the engine would. */
    public void publish(MediaEvent event) {
        vertx.eventBus().publish(MediaAddresses.events(nodeId), event, local);
    }

    public List<MediaCommand<?>> commands() {
        return List.copyOf(commands);
    }

    public <T extends MediaCommand<?>> List<T> commands(Class<T> kind) {
        return commands.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    public Future<Void> stop() {
        return consumer.unregister();
    }
}

package org.canal.server.logging;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.canal.server.CanalNode;

/**
 * A WebSocket to a node's {@code /ws} opened from a chosen local address (an end user's, in the
 * loopback-only namespace), trusting only the node's generated certificate.
 */
final class EndUserSocket implements AutoCloseable {
    static final long WAIT_SECONDS = 20;

    private final WebSocketClient client;
    private final WebSocket socket;
    private final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    private EndUserSocket(WebSocketClient client, WebSocket socket) {
        this.client = client;
        this.socket = socket;
        socket.textMessageHandler(text -> received.add(new JsonObject(text)));
        socket.closeHandler(ignored -> closed = true);
    }

    static EndUserSocket open(Vertx vertx, CanalNode node, String localAddress) throws Exception {
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setSsl(true)
                .setLocalAddress(localAddress)
                .setTrustOptions(new PemTrustOptions().addCertValue(
                        Buffer.buffer(node.certificate().orElseThrow().certificatePem()))));
        WebSocket socket = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.httpsPort())
                .setURI("/ws").setSsl(true)).await(WAIT_SECONDS, TimeUnit.SECONDS);
        return new EndUserSocket(client, socket);
    }

    void send(JsonObject message) throws Exception {
        sendText(message.encode());
    }

    void sendText(String text) throws Exception {
        socket.writeTextMessage(text).await(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** The next message of {@code type}, skipping others (participant events, offers). */
    JsonObject next(String type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            JsonObject message = received.poll(100, TimeUnit.MILLISECONDS);
            if (message != null && type.equals(message.getString("type"))) {
                return message;
            }
        }
        throw new AssertionError("no " + type + " within " + WAIT_SECONDS + " s");
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() throws Exception {
        if (!closed) {
            socket.close().await(WAIT_SECONDS, TimeUnit.SECONDS);
        }
        client.close().await(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}

package org.canal.server;

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

/** A test client: a WebSocket to a node's {@code /ws}, trusting only the node's generated certificate. */
final class NodeSocket implements AutoCloseable {
    static final long WAIT_SECONDS = 30;

    private final WebSocketClient ws;
    private final WebSocket socket;
    private final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();

    private NodeSocket(WebSocketClient ws, WebSocket socket) {
        this.ws = ws;
        this.socket = socket;
        socket.textMessageHandler(text -> received.add(new JsonObject(text)));
    }

    static NodeSocket open(Vertx client, CanalNode node) throws Exception {
        WebSocketClient ws = client.createWebSocketClient(new WebSocketClientOptions().setSsl(true)
                .setTrustOptions(new PemTrustOptions().addCertValue(
                        Buffer.buffer(node.certificate().orElseThrow().certificatePem()))));
        WebSocket socket = ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.httpsPort())
                .setURI("/ws").setSsl(true)).await(WAIT_SECONDS, TimeUnit.SECONDS);
        return new NodeSocket(ws, socket);
    }

    void send(JsonObject message) throws Exception {
        socket.writeTextMessage(message.encode()).await(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** The next message of {@code type}, skipping others (offers, participant events). */
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

    @Override
    public void close() throws Exception {
        if (!socket.isClosed()) {
            socket.close().await(WAIT_SECONDS, TimeUnit.SECONDS);
        }
        ws.close().await(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}

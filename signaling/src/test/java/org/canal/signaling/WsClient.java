package org.canal.signaling;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket client on 127.0.0.1 for tests: sends JSON, and lets the test thread wait for the
 * next message (all messages are kept in arrival order) and for the socket to close.
 */
final class WsClient {
    static final int WAIT_SECONDS = 30;

    private final WebSocket ws;
    private final WebSocketClient client;
    private final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Short> closed = new CompletableFuture<>();

    private WsClient(WebSocketClient client, WebSocket ws) {
        this.client = client;
        this.ws = ws;
        ws.textMessageHandler(text -> received.add(new JsonObject(text)));
        ws.closeHandler(v -> closed.complete(ws.closeStatusCode()));
    }

    static WsClient connect(Vertx vertx, int port) throws Exception {
        return connect(vertx, port, null);
    }

    /**
     * A client whose TCP connection comes from {@code localAddress} (127.0.0.2 and up are loopback too),
     * so that a test can play several client addresses; null: the system's choice.
     */
    static WsClient connect(Vertx vertx, int port, String localAddress) throws Exception {
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(65536)
                .setMaxMessageSize(1024 * 1024).setLocalAddress(localAddress));
        WebSocket ws = client.connect(port, "127.0.0.1", "/ws").toCompletionStage().toCompletableFuture()
                .get(WAIT_SECONDS, TimeUnit.SECONDS);
        return new WsClient(client, ws);
    }

    void send(JsonObject message) {
        ws.writeTextMessage(message.encode());
    }

    void sendText(String text) {
        ws.writeTextMessage(text);
    }

    void sendBinary(byte[] bytes) {
        ws.writeBinaryMessage(Buffer.buffer(bytes));
    }

    /** The next message, whatever its type. */
    JsonObject next() throws InterruptedException {
        JsonObject m = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(m).as("a message within %d s", WAIT_SECONDS).isNotNull();
        return m;
    }

    /** The next message, which must be of {@code type}. */
    JsonObject next(String type) throws InterruptedException {
        JsonObject m = next();
        assertThat(m.getString("type")).as("message %s", m.encode()).isEqualTo(type);
        return m;
    }

    /** The next error, which must have {@code code}. */
    JsonObject error(ErrorCode code) throws InterruptedException {
        JsonObject m = next("error");
        assertThat(m.getString("code")).as("error %s", m.encode()).isEqualTo(code.name());
        return m;
    }

    /** The next message within {@code millis}, or null. */
    JsonObject poll(long millis) throws InterruptedException {
        return received.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** Nothing arrives for {@code millis}. */
    void expectSilence(long millis) throws InterruptedException {
        JsonObject m = received.poll(millis, TimeUnit.MILLISECONDS);
        assertThat(m).as("no message expected").isNull();
    }

    boolean awaitClosed() throws Exception {
        closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
        return true;
    }

    /** The WebSocket close status the node sent (waits for the close). */
    short closeStatus() throws Exception {
        return closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    boolean isClosed() {
        return closed.isDone();
    }

    /** Closes the TCP connection without a WebSocket close handshake, as a dropped network would. */
    void drop() throws Exception {
        // a close frame would be a clean close; the server treats both the same way (the session stays)
        ws.close().toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
        client.close();
    }

    void close() {
        if (!closed.isDone()) {
            ws.close();
        }
        client.close();
    }
}

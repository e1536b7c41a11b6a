package org.canal.signaling.impl;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import org.canal.signaling.ErrorCode;
import org.canal.signaling.limits.TokenBucket;

/**
 * One browser WebSocket. Frames are read and validated on the socket's own context; requests that
 * touch a call go to the call's context. {@code session} and {@code closed} are written on either
 * context, hence volatile: a join that attaches a session to a socket closing at the same moment sees
 * the close, or the close sees the session (see {@link Call#join}).
 */
final class Connection {
    private static final System.Logger LOG = System.getLogger(Connection.class.getName());
    private static final short POLICY_VIOLATION = 1008;

    private final ServerWebSocket ws;
    private final Context context;
    private final SignalingImpl node;
    private final MessageReader reader;
    /** The client's rate-limit key (its address); kept in memory only, never logged. */
    private final String client;
    /** This socket's message rate and its allowance of dropped messages; only the socket's context touches them. */
    private final TokenBucket messages;
    private final TokenBucket drops;
    /** The socket is being closed for a message flood; only the socket's context touches it. */
    private boolean flooded;
    volatile Session session;
    volatile boolean closed;
    /** A join or resume is being verified; only this socket's context touches it. */
    private volatile boolean attaching;

    Connection(ServerWebSocket ws, SignalingImpl node, MessageReader reader, String client) {
        this.ws = ws;
        Context current = Vertx.currentContext();
        this.context = current != null ? current : node.vertx().getOrCreateContext();
        this.node = node;
        this.reader = reader;
        this.client = client;
        this.messages = node.limits().messageBucket();
        this.drops = node.limits().dropBucket();
    }

    void start() {
        ws.textMessageHandler(this::onText);
        ws.binaryMessageHandler(this::onBinary);
        ws.exceptionHandler(e -> LOG.log(System.Logger.Level.DEBUG, "signaling socket failed: {0}", e.getClass().getName()));
        ws.closeHandler(v -> onClose());
        // a socket must join or resume in time; otherwise idle sockets would pile up
        context.owner().setTimer(node.options().resumeGrace().toMillis(), id -> {
            if (session == null && !attaching && !closed) {
                close(POLICY_VIOLATION, "no join");
            }
        });
    }

    /** The socket's event-loop context; a call created by this socket's join lives on it. */
    Context context() {
        return context;
    }

    private void onBinary(Buffer ignored) {
        if (!admitMessage()) {
            return;
        }
        refuse(new SignalingException(ErrorCode.BAD_MESSAGE, "binary frames are not accepted; send JSON text"));
    }

    private void onText(String text) {
        if (!admitMessage()) {
            return;
        }
        try {
            handle(text);
        } catch (RuntimeException e) {
            // a bug must not kill the socket's handler or reach other sessions; the client may retry
            refuse(asRefusal(e, null));
        }
    }

    private void handle(String text) {
        ClientMessage message;
        try {
            message = reader.read(text);
        } catch (SignalingException e) {
            refuse(e);
            return;
        }
        if (message instanceof ClientMessage.Join join) {
            if (!startAttaching(join.id())) {
                return;
            }
            node.join(this, join).onComplete(ar -> {
                attaching = false;
                if (ar.failed()) {
                    refuseAttach(asRefusal(ar.cause(), join.id()));
                }
            });
        } else if (message instanceof ClientMessage.Resume resume) {
            if (!startAttaching(resume.id())) {
                return;
            }
            node.resume(this, resume).onComplete(ar -> {
                attaching = false;
                if (ar.failed()) {
                    refuseAttach(asRefusal(ar.cause(), resume.id()));
                }
            });
        } else {
            Session s = session;
            if (s == null) {
                refuse(new SignalingException(ErrorCode.NOT_JOINED, "join first", message.id()));
                return;
            }
            node.dispatch(this, s, message);
        }
    }

    /**
     * Whether a message fits this socket's rate. One that does not is dropped unparsed (so the error
     * has no request id), counted and answered with RATE_LIMITED; once the socket has used up its
     * allowance of drops too, it is closed (1008) instead, so a flood cannot make the node answer it
     * message for message.
     */
    private boolean admitMessage() {
        long now = node.limits().now();
        if (messages.tryTake(now)) {
            return true;
        }
        if (closed || flooded) {
            return false;
        }
        node.limits().countDroppedMessage();
        if (!drops.tryTake(now)) {
            flooded = true;
            node.limits().countFloodedSocket();
            node.refusals().count(ErrorCode.RATE_LIMITED);
            close(POLICY_VIOLATION, ErrorCode.RATE_LIMITED.name());
            return false;
        }
        refuse(new SignalingException(ErrorCode.RATE_LIMITED, "too many messages on this socket; one was dropped"));
        return false;
    }

    private boolean startAttaching(String requestId) {
        if (attaching || session != null) {
            refuse(new SignalingException(ErrorCode.ALREADY_JOINED, "this socket already has a session", requestId));
            return false;
        }
        if (!node.limits().admitAttach(client)) {
            node.limits().countRefusedAttach();
            refuse(new SignalingException(ErrorCode.RATE_LIMITED, "too many joins from this address; retry in "
                    + node.limits().attachRetryAfter(client).toSeconds() + " s", requestId));
            close(POLICY_VIOLATION, ErrorCode.RATE_LIMITED.name());
            return false;
        }
        attaching = true;
        return true;
    }

    private static SignalingException asRefusal(Throwable failure, String requestId) {
        if (failure instanceof SignalingException e) {
            return e.requestId() == null ? e.withRequestId(requestId) : e;
        }
        LOG.log(System.Logger.Level.WARNING, "signaling request failed: {0}", failure.toString());
        return new SignalingException(ErrorCode.INTERNAL, "the node failed; retry later", requestId);
    }

    private void onClose() {
        closed = true;
        Session s = session;
        if (s != null) {
            node.socketClosed(this, s);
        }
    }

    /** A refused join or resume: a rate-limited one closes the socket too, as the other join refusals do. */
    private void refuseAttach(SignalingException e) {
        refuse(e);
        if (e.code() == ErrorCode.RATE_LIMITED) {
            close(POLICY_VIOLATION, e.code().name());
        }
    }

    /** Sends an error reply, counts it, and closes the socket when the code says so. Any thread. */
    void refuse(SignalingException e) {
        node.refusals().count(e.code());
        send(ServerMessages.error(e));
        if (e.code().closesSocket()) {
            close(POLICY_VIOLATION, e.code().name());
        }
    }

    /** Any thread: Vert.x hands the write to the socket's event loop. */
    void send(JsonObject message) {
        if (!closed) {
            ws.writeTextMessage(message.encode());
        }
    }

    void close(short status, String reason) {
        if (!closed) {
            ws.close(status, reason);
        }
    }

    void close() {
        close((short) 1000, "bye");
    }
}

package org.canal.signaling.impl;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.canal.media.api.MediaAddresses;
import org.canal.media.api.MediaCodecs;
import org.canal.media.api.MediaControl;
import org.canal.media.api.MediaEvent;
import org.canal.signaling.AuditLog;
import org.canal.signaling.ErrorCode;
import org.canal.signaling.SessionDirectory;
import org.canal.signaling.Signaling;
import org.canal.signaling.SignalingCounters;
import org.canal.signaling.SignalingOptions;

/**
 * The node's signaling: routes sockets to calls. The two registries (calls by id, and the call of
 * each session id for {@code resume}) are concurrent maps because sockets live on every event loop;
 * everything inside a call stays on the call's context. Every session is also written to the
 * {@link SessionDirectory}, which a {@code resume} is checked against first ({@link DirectoryRegistrations}).
 */
public final class SignalingImpl implements Signaling {
    private final Vertx vertx;
    private final SignalingOptions options;
    private final MediaControl media;
    private final TokenVerifier verifier;
    private final MessageReader reader;
    private final RefusalCounters refusals = new RefusalCounters();
    private final ClientLimits limits;
    private final ConcurrentMap<String, Call> calls = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Call> callOfSession = new ConcurrentHashMap<>();
    private final MessageConsumer<Object> events;
    private final AuditLog audit;
    private final DirectoryRegistrations directory;
    /** Cheap concurrent reads for the node's metrics; one instance, so a meter holding it keeps it. */
    private final SignalingCounters counters = new SignalingCounters() {
        @Override
        public int calls() {
            return calls.size();
        }

        @Override
        public int sessions() {
            return callOfSession.size();
        }

        @Override
        public long refusals(ErrorCode code) {
            return refusals.get(code);
        }

        @Override
        public Map<String, Long> rateLimited() {
            Map<String, Long> counts = new LinkedHashMap<>();
            limits.toJson().forEach(entry -> counts.put(entry.getKey(), ((Number) entry.getValue()).longValue()));
            return counts;
        }
    };

    public SignalingImpl(Vertx vertx, SignalingOptions options, MediaControl media) {
        this(vertx, options, media, SessionDirectory.inMemory());
    }

    public SignalingImpl(Vertx vertx, SignalingOptions options, MediaControl media, SessionDirectory directory) {
        this.vertx = vertx;
        this.directory = new DirectoryRegistrations(directory, options.nodeId());
        this.options = options;
        this.media = media;
        this.verifier = new TokenVerifier(vertx, options, Clock.systemUTC());
        this.reader = new MessageReader(options.maxMessageBytes());
        this.limits = new ClientLimits(options.limits(), System::nanoTime);
        this.audit = AuditLog.forOptions(options);
        MediaCodecs.registerLocal(vertx);
        this.events = vertx.eventBus().consumer(MediaAddresses.events(options.nodeId()), message -> {
            if (message.body() instanceof MediaEvent event) {
                onMediaEvent(event);
            }
        });
    }

    @Override
    public Signaling mount(Router router) {
        router.get("/ws").handler(ctx -> {
            String client = limits.clientOf(ctx.request());
            // refused before the upgrade: a flood of sockets costs no Connection, timer or frame decoder
            if (!limits.admitSocket(client)) {
                limits.countRefusedSocket();
                refusals.count(ErrorCode.RATE_LIMITED);
                ctx.response().setStatusCode(429)
                        .putHeader("Retry-After", Long.toString(limits.socketRetryAfter(client).toSeconds()))
                        .putHeader("Content-Type", "text/plain").end("too many connections from this address; retry later");
                return;
            }
            ctx.request().toWebSocket()
                    .onSuccess(ws -> new Connection(ws, this, reader, client).start())
                    .onFailure(e -> {
                        if (!ctx.response().ended()) {
                            ctx.response().setStatusCode(400).end("WebSocket upgrade expected");
                        }
                    });
        });
        if (options.diagnostics()) {
            router.get("/diagnostics/calls/:server/:channel").handler(new DiagnosticsHandler(this));
        }
        return this;
    }

    @Override
    public Future<Void> close() {
        List<Future<Void>> ended = new ArrayList<>();
        for (Call call : calls.values()) {
            Promise<Void> p = Promise.promise();
            call.execute(() -> {
                call.endAll();
                p.complete();
            });
            ended.add(p.future());
        }
        verifier.close();
        return Future.join(ended).transform(ar -> directory.drained()).transform(ar -> events.unregister())
                .transform(ar -> audit.close());
    }

    @Override
    public SignalingCounters counters() {
        return counters;
    }

    Vertx vertx() {
        return vertx;
    }

    SignalingOptions options() {
        return options;
    }

    MediaControl media() {
        return media;
    }

    AuditLog audit() {
        return audit;
    }

    RefusalCounters refusals() {
        return refusals;
    }

    ClientLimits limits() {
        return limits;
    }

    Call call(String callId) {
        return calls.get(callId);
    }

    Future<Void> join(Connection conn, ClientMessage.Join message) {
        // per user after verification: a leaked token joined from many addresses still meets a limit
        return verifier.verify(message.token(), message.server(), message.channel()).compose(grant ->
                limits.admitJoinOf(grant.subject()) ? enter(conn, grant, message) : limits.refusedJoinOfUser(grant.subject()));
    }

    /** Joins the call's current instance; if it closed meanwhile (its last session left), a new one. */
    private Future<Void> enter(Connection conn, JoinGrant grant, ClientMessage.Join message) {
        Call call = calls.computeIfAbsent(grant.callId(), id -> new Call(id, conn.context(), this));
        Promise<Void> entered = Promise.promise();
        call.execute(() -> {
            if (call.closed) {
                enter(conn, grant, message).onComplete(entered);
            } else {
                try {
                    call.join(conn, grant, message);
                    entered.complete();
                } catch (SignalingException e) {
                    entered.fail(e);
                }
            }
        });
        return entered.future();
    }

    /** Checks the secret against the session directory first: another node's session is refused by name. */
    Future<Void> resume(Connection conn, ClientMessage.Resume message) {
        return directory.check(message).compose(local -> resumeHere(conn, message));
    }

    static SignalingException unknownSession() {
        return new SignalingException(ErrorCode.UNKNOWN_SESSION, "no such session, or a wrong resume secret");
    }

    private Future<Void> resumeHere(Connection conn, ClientMessage.Resume message) {
        Call call = callOfSession.get(message.session());
        if (call == null) {
            return Future.failedFuture(unknownSession());
        }
        Promise<Void> resumed = Promise.promise();
        call.execute(() -> {
            try {
                call.resume(conn, message);
                resumed.complete();
            } catch (SignalingException e) {
                resumed.fail(e);
            }
        });
        return resumed.future();
    }

    void dispatch(Connection conn, Session session, ClientMessage message) {
        Call call = callOfSession.get(session.id);
        if (call == null) {
            conn.refuse(new SignalingException(ErrorCode.NOT_JOINED, "the session ended", message.id()));
            return;
        }
        call.execute(() -> call.handle(conn, session, message));
    }

    void socketClosed(Connection conn, Session session) {
        Call call = callOfSession.get(session.id);
        if (call != null) {
            call.execute(() -> call.socketClosed(session, conn));
        }
    }

    void sessionStarted(Session s, Call call) {
        callOfSession.put(s.id, call);
        directory.register(s, call.callId);
    }

    /** The session ended for good (not a dropped socket): it leaves the directory too. */
    void sessionEnded(Session s) {
        callOfSession.remove(s.id);
        directory.remove(s.id);
    }

    void callClosed(Call call) {
        calls.remove(call.callId, call);
    }

    private void onMediaEvent(MediaEvent event) {
        String callId = event instanceof MediaEvent.TransportConnected c ? c.callId()
                : event instanceof MediaEvent.TransportClosed c ? c.callId() : null;
        Call call = callId == null ? null : calls.get(callId);
        if (call != null) {
            call.execute(() -> call.onMediaEvent(event));
        }
    }
}

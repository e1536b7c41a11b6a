package org.canal.signaling.impl;

import io.vertx.core.Context;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.canal.media.api.MediaCommand;
import org.canal.media.api.MediaEvent;
import org.canal.media.api.MediaException;
import org.canal.signaling.ErrorCode;
import org.canal.signaling.Ids;

/**
 * One channel's call on this node: its sessions (joining, resuming after a dropped socket or a
 * reloaded page, leaving) and the dispatch of their requests and of the media engine's events. Every
 * method runs on the call's context (the event loop it was created on), so nothing here needs a lock;
 * other threads reach it through {@link #execute}. Media command replies arrive on the same context
 * because the commands are sent from it.
 *
 * <p>What the call holds besides its sessions lives in parts it owns, on the same context: the
 * browser-driven {@link PublishNegotiator}, the server-driven {@link SubscribeNegotiator}, the
 * {@link Moderation} that applies the call's {@link ChannelPolicy} (who may join, moderators'
 * actions, the audit), and the media mode machine {@link P2pCoordinator}.
 */
final class Call {
    private static final System.Logger LOG = System.getLogger(Call.class.getName());

    final String callId;
    private final Context context;
    private final SignalingImpl node;
    private final Map<String, Session> sessions = new LinkedHashMap<>();
    private final ChannelPolicy policy;
    /** Whether the call runs P2P or on the SFU (docs/signaling.md, "Media mode"). */
    private final P2pCoordinator modes;
    private final SubscribeNegotiator subscribing;
    private final PublishNegotiator publishing;
    private final Moderation moderation;
    boolean closed;

    Call(String callId, Context context, SignalingImpl node) {
        this.callId = callId;
        this.context = context;
        this.node = node;
        this.policy = new ChannelPolicy(node.options().maxParticipants(), node.options().p2p().mode());
        // A TURN server in iceServers makes the relay policy possible, as SignalingOptions.turnAvailable() says.
        this.modes = new P2pCoordinator(this, context, policy,
                node.options().p2p().withTurnAvailable(node.options().turnAvailable()), node.refusals());
        this.subscribing = new SubscribeNegotiator(this, context, node);
        this.publishing = new PublishNegotiator(this, node, subscribing);
        this.moderation = new Moderation(this, policy, modes, publishing, node);
    }

    void execute(Runnable task) {
        context.runOnContext(v -> task.run());
    }

    // ---- joining, resuming, leaving

    /** Admits a session, or refuses it by the channel's policy (audited); a refusal closes the socket. */
    void join(Connection conn, JoinGrant grant, ClientMessage.Join message) throws SignalingException {
        String participantId = grant.invite() ? "guest-" + Ids.random(12) : grant.subject();
        Session previous = participant(participantId);
        SignalingException refusal = moderation.admission(participantId, previous != null, grant, sessions.size());
        if (refusal != null) {
            if (sessions.isEmpty()) {
                closed = true; // a call this refused join created must not linger
                node.callClosed(this);
            }
            throw refusal;
        }
        if (previous != null) {
            end(previous, "replaced");
        }
        Session s = new Session(participantId, message.name(), grant.grants());
        s.p2pCapable = message.p2p();
        moderation.restrictJoining(s);
        sessions.put(s.id, s);
        node.sessionStarted(s, this);
        // participantJoined before attach: a socket that closed meanwhile makes attach broadcast
        // participantReconnecting, which the others must see after the join, not before
        broadcast(ServerMessages.participantJoined(s), s);
        modes.joined(s); // before attach: s learns its epoch from joined
        attach(s, conn);
        s.send(ServerMessages.joined(message.id(), s, others(s), policy, node.options().iceServers().forJoined(),
                modes.epochFor(s)));
        subscribing.schedule(s);
    }

    void resume(Connection conn, ClientMessage.Resume message) throws SignalingException {
        Session s = sessions.get(message.session());
        if (s == null || s.ended || !MessageDigest.isEqual(s.resumeSecret.getBytes(StandardCharsets.US_ASCII),
                message.resume().getBytes(StandardCharsets.UTF_8))) {
            throw new SignalingException(ErrorCode.UNKNOWN_SESSION, "no such session, or a wrong resume secret");
        }
        cancelGrace(s);
        s.unloading = false; // a reload came back: a later drop is an ordinary one again
        Connection previous = s.connection;
        if (previous != null && previous != conn) {
            previous.session = null;
            previous.close((short) 1000, "resumed on another socket");
        }
        if (previous == null) {
            // the others saw participantReconnecting when the socket dropped (socketClosed)
            broadcast(ServerMessages.participantReconnected(s), s);
        }
        boolean newEpoch = message.reload() && modes.reloading(s);
        attach(s, conn);
        s.send(ServerMessages.joined(message.id(), s, others(s), policy, node.options().iceServers().forJoined(),
                modes.epochFor(s)));
        if (message.reload()) {
            // a reloaded page keeps its session (same participant, nobody sees a leave) but its
            // PeerConnections are gone: both transports close, the subscribe side is offered anew
            publishing.pageReloaded(s);
            subscribing.pageReloaded(s);
        } else {
            subscribing.resendOutstandingOffer(s);
        }
        modes.resumed(s, newEpoch);
    }

    /** Attaches a socket; if it closed meanwhile, the session starts its grace period at once. */
    private void attach(Session s, Connection conn) {
        s.connection = conn;
        conn.session = s;
        if (conn.closed) {
            socketClosed(s, conn);
        }
    }

    void socketClosed(Session s, Connection conn) {
        if (s.ended || s.connection != conn) {
            return;
        }
        s.connection = null;
        // the others keep its tiles and tracks, marked as reconnecting, until resume or the grace ends
        broadcast(ServerMessages.participantReconnecting(s), s);
        s.graceTimer = context.owner().setTimer(grace(s).toMillis(), id -> {
            s.graceTimer = -1;
            if (!s.ended && s.connection == null) {
                end(s, "timeout");
            }
        });
    }

    /** The unload grace (never longer than the resume grace) after the client's {@code unloading}, else the resume grace. */
    private Duration grace(Session s) {
        Duration resume = node.options().resumeGrace();
        return s.unloading && node.options().unloadGrace().compareTo(resume) < 0 ? node.options().unloadGrace() : resume;
    }

    private void cancelGrace(Session s) {
        if (s.graceTimer >= 0) {
            context.owner().cancelTimer(s.graceTimer);
            s.graceTimer = -1;
        }
    }

    /** Ends a session: LeaveCall to the media engine, participantLeft to the others, renegotiation. */
    void end(Session s, String reason) {
        end(s, reason, ServerMessages.left(null, reason), (short) 1000);
    }

    /**
     * Ends a session, telling its socket (if any) {@code farewell} and closing it with {@code status},
     * except for "left", whose reply the request handler sends.
     */
    void end(Session s, String reason, JsonObject farewell, short status) {
        if (s.ended) {
            return;
        }
        s.ended = true;
        cancelGrace(s);
        sessions.remove(s.id);
        node.sessionEnded(s);
        Connection conn = s.connection;
        s.connection = null;
        if (conn != null) {
            conn.session = null;
            if (!reason.equals("left")) {
                conn.send(farewell);
                conn.close(status, reason);
            }
        }
        node.media().send(new MediaCommand.LeaveCall(callId, s.id))
                .onFailure(e -> LOG.log(System.Logger.Level.DEBUG, "LeaveCall failed: {0}", e.getMessage()));
        broadcast(ServerMessages.participantLeft(s), null);
        sessions.values().forEach(subscribing::schedule);
        modes.ended(s);
        // a replaced session's successor joins right after: the call must not close in between
        if (sessions.isEmpty() && !reason.equals("replaced")) {
            closed = true;
            node.callClosed(this);
        }
    }

    /** Ends every session (node shutdown). */
    void endAll() {
        new ArrayList<>(sessions.values()).forEach(s -> end(s, "shutdown"));
    }

    // ---- requests of an attached session

    void handle(Connection conn, Session s, ClientMessage message) {
        if (s.ended || s.connection != conn) {
            conn.refuse(new SignalingException(ErrorCode.NOT_JOINED, "the session ended or moved to another socket",
                    message.id()));
            return;
        }
        if (message instanceof ClientMessage.Publish p) {
            publishing.offer(s, p);
        } else if (message instanceof ClientMessage.SubscribeAnswer a) {
            subscribing.answer(s, a);
        } else if (message instanceof ClientMessage.RestartIce) {
            subscribing.restartIce(s);
        } else if (message instanceof ClientMessage.Stats st) {
            s.latestStats = st.report();
            s.latestStatsAt = System.currentTimeMillis();
        } else if (message instanceof ClientMessage.Moderate m) {
            moderation.moderate(s, m);
        } else if (message instanceof ClientMessage.MediaReady r) {
            modes.mediaReady(s, r);
        } else if (message instanceof ClientMessage.P2pSignal p) {
            modes.p2pSignal(s, p);
        } else if (message instanceof ClientMessage.Unloading) {
            s.unloading = true;
        } else if (message instanceof ClientMessage.Leave l) {
            conn.send(ServerMessages.left(l.id(), "left"));
            end(s, "left");
            conn.close();
        }
    }

    void refuse(Session s, ErrorCode code, String message, String requestId) {
        if (s.connection != null) {
            s.connection.refuse(new SignalingException(code, message, requestId));
        } else {
            node.refusals().count(code);
        }
    }

    /** Refuses a request whose media commands failed: the media engine's refusals of the SDP are BAD_SDP, the rest INTERNAL. */
    void refuse(Session s, Throwable failure, String requestId) {
        if (failure instanceof SignalingException e) {
            refuse(s, e.code(), e.getMessage(), requestId);
        } else if (failure instanceof MediaException e && (e.code() == MediaException.Code.INVALID_ARGUMENT
                || e.code() == MediaException.Code.UNSUPPORTED_CODEC)) {
            refuse(s, ErrorCode.BAD_SDP, "the media engine refused it: " + e.getMessage(), requestId);
        } else {
            LOG.log(System.Logger.Level.WARNING, "media command failed: {0}", String.valueOf(failure.getMessage()));
            refuse(s, ErrorCode.INTERNAL, "the node failed; retry later", requestId);
        }
    }

    // ---- SFU media on and off, for the media mode (P2pCoordinator)

    /** The sessions in join order (the first is a P2P pair's offerer). */
    List<Session> sessionsInJoinOrder() {
        return List.copyOf(sessions.values());
    }

    /**
     * A completed P2P epoch: closes the session's SFU transports (the subscribe one at once, the publish
     * one after any publish under way) and makes no subscribe offer to it while its SFU media is off.
     */
    void sfuMediaOff(Session s) {
        subscribing.sfuMediaOff(s);
        publishing.stopAfterPending(s, "CLOSED p2p");
    }

    /** An SFU epoch: the session publishes again (its browser offers) and is offered the others' tracks. */
    void sfuMediaOn(Session s) {
        subscribing.sfuMediaOn(s);
    }

    // ---- media events

    void onMediaEvent(MediaEvent event) {
        Session s = sessionOf(event);
        if (s == null) {
            return;
        }
        boolean publish = s.publishTransport != null && s.publishTransport.transportId().equals(event.transportId());
        boolean subscribe = s.subscribeTransport != null && s.subscribeTransport.transportId().equals(event.transportId());
        if (event instanceof MediaEvent.TransportConnected c) {
            s.srtpProfile = c.srtpProfile();
            if (publish) {
                s.publishState = "CONNECTED";
            } else if (subscribe) {
                s.subscribeState = "CONNECTED";
            }
        } else if (event instanceof MediaEvent.TransportClosed c) {
            if (publish) {
                publishing.transportClosed(s, c.reason());
            } else if (subscribe) {
                subscribing.transportClosed(s, c.reason());
            }
        }
    }

    private Session sessionOf(MediaEvent event) {
        String sessionId = event instanceof MediaEvent.TransportConnected c ? c.sessionId()
                : event instanceof MediaEvent.TransportClosed c ? c.sessionId() : null;
        return sessionId == null ? null : sessions.get(sessionId);
    }

    // ---- diagnostics

    /** The call's sessions as operators see them: participant ids, states, latest stats; no names, no secrets. */
    JsonObject describe() {
        return CallDescription.of(callId, policy, modes, sessions.values());
    }

    /** Participant id of each session id, to show media counters without session ids. */
    Map<String, String> participantsBySession() {
        Map<String, String> m = new LinkedHashMap<>();
        sessions.values().forEach(s -> m.put(s.id, s.participantId));
        return m;
    }

    // ---- the sessions, for the call's parts

    Session participant(String participantId) {
        for (Session s : sessions.values()) {
            if (s.participantId.equals(participantId)) {
                return s;
            }
        }
        return null;
    }

    List<Session> others(Session s) {
        return sessions.values().stream().filter(o -> o != s).toList();
    }

    void broadcast(JsonObject message, Session except) {
        for (Session o : sessions.values()) {
            if (o != except) {
                o.send(message);
            }
        }
    }
}

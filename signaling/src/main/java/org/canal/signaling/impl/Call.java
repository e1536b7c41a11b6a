package org.canal.signaling.impl;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.canal.media.api.LocalTransport;
import org.canal.media.api.MediaCommand;
import org.canal.media.api.MediaEvent;
import org.canal.media.api.MediaException;
import org.canal.media.api.PublishedTrack;
import org.canal.media.api.RemoteTransport;
import org.canal.media.api.SubscribedTrack;
import org.canal.media.api.TransportDirection;
import org.canal.protocol.MalformedInputException;
import org.canal.protocol.sdp.Origin;
import org.canal.protocol.sdp.SessionDescription;
import org.canal.signaling.AuditRecord;
import org.canal.signaling.ErrorCode;
import org.canal.signaling.Grants;
import org.canal.signaling.Ids;
import org.canal.signaling.TrackSource;
import org.canal.signaling.sdp.PublishAnswerBuilder;
import org.canal.signaling.sdp.PublishNegotiation;
import org.canal.signaling.sdp.RemoteTrack;
import org.canal.signaling.sdp.SdpNegotiationException;
import org.canal.signaling.sdp.SubscribeAnswer;
import org.canal.signaling.sdp.SubscribeAnswerReader;
import org.canal.signaling.sdp.SubscribeOfferWriter;
import org.canal.signaling.sdp.SubscribeSection;

/**
 * One channel's call on this node: its sessions and their negotiations. Every method runs on the
 * call's context (the event loop it was created on), so nothing here needs a lock; other threads
 * reach it through {@link #execute}. Media command replies arrive on the same context because the
 * commands are sent from it.
 *
 * <p>Subscribe negotiation is server-driven: when a participant publishes, unpublishes or leaves,
 * every other session is scheduled for renegotiation; changes that arrive while a session's offer is
 * outstanding wait for its answer and then go out together in one new offer.
 *
 * <p>Who may join is the call's {@link ChannelPolicy}; moderators change it and act on participants
 * ({@link #moderate}); both the actions and the joins the policy refuses go to the audit log.
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
    boolean closed;

    Call(String callId, Context context, SignalingImpl node) {
        this.callId = callId;
        this.context = context;
        this.node = node;
        this.policy = new ChannelPolicy(node.options().maxParticipants(), node.options().p2p().mode());
        // A TURN server in iceServers makes the relay policy possible, as SignalingOptions.turnAvailable() says.
        this.modes = new P2pCoordinator(this, context, policy,
                node.options().p2p().withTurnAvailable(node.options().turnAvailable()), node.refusals());
    }

    void execute(Runnable task) {
        context.runOnContext(v -> task.run());
    }

    // ---- joining, resuming, leaving

    /** Admits a session, or refuses it by the channel's policy (audited); a refusal closes the socket. */
    void join(Connection conn, JoinGrant grant, ClientMessage.Join message) throws SignalingException {
        String participantId = grant.invite() ? "guest-" + Ids.random(12) : grant.subject();
        Session previous = participant(participantId);
        SignalingException refusal = admission(participantId, previous != null, grant);
        if (refusal != null) {
            audit("join", null, participantId, refusal.code().name(), null);
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
        if (policy.listenOnly.contains(participantId)) {
            s.grants = withoutPublish(s.grants);
            s.listenOnly = true;
        }
        sessions.put(s.id, s);
        node.sessionStarted(s, this);
        // participantJoined before attach: a socket that closed meanwhile makes attach broadcast
        // participantReconnecting, which the others must see after the join, not before
        broadcast(ServerMessages.participantJoined(s), s);
        modes.joined(s); // before attach: s learns its epoch from joined
        attach(s, conn);
        s.send(ServerMessages.joined(message.id(), s, others(s), policy, node.options().iceServers().forJoined(),
                modes.epochFor(s)));
        scheduleNegotiation(s);
    }

    /**
     * Why the policy refuses this join, or null (docs/moderation.md, "Who may join"). A kicked id is
     * refused to everyone; a moderator passes the lock and invite-only; a participant already in the
     * call (a reloaded page replacing its session) passes the lock and the limit, as it adds no one.
     */
    private SignalingException admission(String participantId, boolean replacing, JoinGrant grant) {
        boolean moderator = grant.grants().moderate();
        if (policy.kicked.contains(participantId)) {
            return new SignalingException(ErrorCode.KICKED, "a moderator removed this participant from the call");
        }
        if (policy.locked && !replacing && !moderator) {
            return new SignalingException(ErrorCode.CHANNEL_LOCKED, "a moderator locked the call");
        }
        if (policy.inviteOnly && !grant.viaInvite() && !moderator) {
            return new SignalingException(ErrorCode.INVITE_ONLY, "the call admits only tokens minted from an invite");
        }
        if (!replacing && sessions.size() >= policy.maxParticipants) {
            return new SignalingException(ErrorCode.CHANNEL_FULL, "the call has " + policy.maxParticipants
                    + " participants, its limit");
        }
        return null;
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
        attach(s, conn);
        s.send(ServerMessages.joined(message.id(), s, others(s), policy, node.options().iceServers().forJoined(),
                modes.epochFor(s)));
        if (message.reload()) {
            dropTransportsOfReloadedPage(s);
        } else if (s.offerOutstanding && s.latestOffer != null) {
            s.send(s.latestOffer);
        }
        modes.resumed(s, message.reload());
    }

    /**
     * A reloaded page keeps its session (same participant, nobody sees a leave) but its
     * PeerConnections are gone: close both transports now, forget them before their close events
     * arrive (so a new publish offer opens a fresh transport instead of reconnecting the old one), and
     * offer the subscribe side again on a new transport.
     */
    private void dropTransportsOfReloadedPage(Session s) {
        for (LocalTransport t : new LocalTransport[] {s.publishTransport, s.subscribeTransport}) {
            if (t != null) {
                node.media().send(new MediaCommand.CloseTransport(t.transportId()))
                        .onFailure(e -> LOG.log(System.Logger.Level.DEBUG, "CloseTransport failed: {0}", e.getMessage()));
            }
        }
        if (s.publishTransport != null) {
            s.publishState = "CLOSED RELOAD";
            s.publishTransport = null;
            s.publishRemote = null;
            s.published = List.of();
            others(s).forEach(this::scheduleNegotiation);
        }
        s.subscribeState = s.subscribeTransport == null ? s.subscribeState : "CLOSED RELOAD";
        s.subscribeTransport = null;
        s.subscribeRemote = null;
        s.offerOutstanding = false;
        s.needsOffer = true;
        scheduleNegotiation(s);
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
    private java.time.Duration grace(Session s) {
        java.time.Duration resume = node.options().resumeGrace();
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
    private void end(Session s, String reason, JsonObject farewell, short status) {
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
        sessions.values().forEach(this::scheduleNegotiation);
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
            s.publishChain = s.publishChain.transform(ignored -> publish(s, p));
        } else if (message instanceof ClientMessage.SubscribeAnswer a) {
            subscribeAnswer(s, a);
        } else if (message instanceof ClientMessage.RestartIce) {
            restartSubscribeIce(s);
        } else if (message instanceof ClientMessage.Stats st) {
            s.latestStats = st.report();
            s.latestStatsAt = System.currentTimeMillis();
        } else if (message instanceof ClientMessage.Moderate m) {
            moderate(s, m);
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

    private void refuse(Session s, Throwable failure, String requestId) {
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

    // ---- publish connection: the browser offers, Canal answers

    private Future<Void> publish(Session s, ClientMessage.Publish message) {
        if (s.ended) {
            return Future.succeededFuture();
        }
        if (s.sfuOff) {
            refuse(s, ErrorCode.MEDIA_MODE, "the call runs peer-to-peer: this session sends no media to the SFU",
                    message.id());
            return Future.succeededFuture();
        }
        SessionDescription offer;
        try {
            offer = SessionDescription.parse(message.sdp());
        } catch (MalformedInputException e) {
            refuse(s, ErrorCode.BAD_SDP, "the offer could not be parsed: " + e.getMessage(), message.id());
            return Future.succeededFuture();
        }
        Map<String, TrackSource> sources;
        try {
            sources = PublishPermission.sources(offer, message.sources(), message.id());
        } catch (SignalingException e) {
            refuse(s, e.code(), e.getMessage(), message.id());
            return Future.succeededFuture();
        }
        String denied = PublishPermission.refusal(offer, sources, s.grants);
        if (denied != null && s.listenOnly) {
            denied = "a moderator made this participant listen-only; offer no sending sections";
        }
        if (denied != null) {
            // before any media command: a session without the grant opens no transport
            refuse(s, ErrorCode.NOT_ALLOWED, denied, message.id());
            return Future.succeededFuture();
        }
        Future<LocalTransport> transport = s.publishTransport != null ? Future.succeededFuture(s.publishTransport)
                : node.media().send(new MediaCommand.OpenTransport(callId, s.id, TransportDirection.PUBLISH))
                        .onSuccess(t -> s.publishTransport = t);
        return transport.compose(local -> {
            Origin origin = Origin.jsep(s.sdpSessionId, ++s.publishSdpVersion);
            PublishNegotiation n;
            try {
                n = PublishAnswerBuilder.answer(offer, local, s.id, origin);
            } catch (SdpNegotiationException e) {
                return Future.failedFuture(new SignalingException(ErrorCode.BAD_SDP, e.getMessage()));
            }
            if (!isIceRestart(s.publishRemote, n.remote())) {
                return connectAndPublish(s, local, n);
            }
            if (!n.remote().fingerprint().equalsIgnoreCase(s.publishRemote.fingerprint())) {
                return Future.failedFuture(new SignalingException(ErrorCode.BAD_SDP,
                        "an ICE restart keeps the DTLS association: the fingerprint cannot change (RFC 8842 section 5)"));
            }
            // RFC 8839 section 4.4.1.1.1: new ICE credentials in an offer restart ICE; the answer carries new ones too
            return node.media().send(new MediaCommand.RestartIce(local.transportId(), n.remote().iceUfrag()))
                    .compose(fresh -> {
                        s.publishTransport = fresh;
                        s.publishIceRestarts++;
                        try {
                            return connectAndPublish(s, fresh, PublishAnswerBuilder.answer(offer, fresh, s.id, origin));
                        } catch (SdpNegotiationException e) {
                            return Future.failedFuture(new SignalingException(ErrorCode.BAD_SDP, e.getMessage()));
                        }
                    });
        }).onSuccess(n -> {
            if (s.ended) {
                return;
            }
            s.published = n.tracks();
            s.publishedSources = sources;
            s.send(ServerMessages.publishAnswer(message.id(), n.answer().write()));
            others(s).forEach(this::scheduleNegotiation);
        }).onFailure(e -> refuse(s, e, message.id())).<Void>mapEmpty().otherwiseEmpty();
    }

    /**
     * Whether the browser's new description restarts ICE: its ufrag or pwd differs from those of the
     * transport's current remote end (RFC 8839 section 4.4.1.1.1). A first description is no restart.
     */
    private static boolean isIceRestart(RemoteTransport current, RemoteTransport next) {
        return current != null && next != null
                && !(current.iceUfrag().equals(next.iceUfrag()) && current.icePwd().equals(next.icePwd()));
    }

    private Future<PublishNegotiation> connectAndPublish(Session s, LocalTransport local, PublishNegotiation n) {
        Future<Void> connect = n.remote().equals(s.publishRemote) ? Future.succeededFuture()
                : node.media().send(new MediaCommand.ConnectTransport(local.transportId(), n.remote()))
                        .onSuccess(v -> s.publishRemote = n.remote());
        return connect.compose(v -> node.media().send(new MediaCommand.SetPublishedTracks(local.transportId(),
                n.tracks()))).map(v -> n);
    }

    // ---- moderation (docs/moderation.md)

    /**
     * A moderator's request: refused NOT_ALLOWED without the moderate grant, UNKNOWN_PARTICIPANT for a
     * target not in the call. The policy changes at once; the reply {@code moderated} goes out before
     * the action's effects (kicked, muteRequest, channelPolicy, renegotiations). Every request,
     * refused or not, is audited.
     */
    private void moderate(Session actor, ClientMessage.Moderate m) {
        ModerationAction action = m.action();
        Object value = action == ModerationAction.MUTE ? m.kind()
                : m.value() instanceof org.canal.signaling.P2pMode p ? p.wire() : m.value();
        if (!actor.grants.moderate()) {
            audit(action.wire, actor.participantId, m.participant(), ErrorCode.NOT_ALLOWED.name(), value);
            refuse(actor, ErrorCode.NOT_ALLOWED, "the token's grants do not include 'moderate'", m.id());
            return;
        }
        Session target = null;
        if (action.targetsParticipant) {
            target = participant(m.participant());
            if (target == null) {
                audit(action.wire, actor.participantId, m.participant(), ErrorCode.UNKNOWN_PARTICIPANT.name(), value);
                refuse(actor, ErrorCode.UNKNOWN_PARTICIPANT, "no participant '" + m.participant() + "' in this call", m.id());
                return;
            }
            if (target == actor) {
                audit(action.wire, actor.participantId, m.participant(), ErrorCode.NOT_ALLOWED.name(), value);
                refuse(actor, ErrorCode.NOT_ALLOWED, "a moderator does not act on itself (use leave, or mute locally)", m.id());
                return;
            }
        }
        boolean done = switch (action) {
            case KICK, MUTE -> true;
            case LISTEN_ONLY -> !target.listenOnly;
            case LOCK -> !policy.locked;
            case UNLOCK -> policy.locked;
            case SET_MAX_PARTICIPANTS -> policy.maxParticipants != (Integer) value;
            case SET_INVITE_ONLY -> policy.inviteOnly != (Boolean) value;
            case SET_P2P -> policy.p2p != m.value();
        };
        if (done) {
            switch (action) {
                case KICK -> policy.kicked.add(target.participantId);
                case LOCK, UNLOCK -> policy.locked = action == ModerationAction.LOCK;
                case SET_MAX_PARTICIPANTS -> policy.maxParticipants = (Integer) value;
                case SET_INVITE_ONLY -> policy.inviteOnly = (Boolean) value;
                case SET_P2P -> policy.p2p = (org.canal.signaling.P2pMode) m.value();
                default -> { }
            }
            if (action.targetsParticipant) {
                modes.moderatorActedOnParticipant(); // before the effects: a kick's end must not start P2P
            }
        }
        audit(action.wire, actor.participantId, m.participant(), done ? "done" : "unchanged", value);
        actor.send(ServerMessages.moderated(m, done, policy));
        if (!done) {
            return;
        }
        switch (action) {
            case KICK -> end(target, "kicked", ServerMessages.kicked(actor.participantId), (short) 1008);
            case MUTE -> target.send(ServerMessages.muteRequest(m.kind(), actor.participantId));
            case LISTEN_ONLY -> makeListenOnly(target, actor);
            default -> broadcast(ServerMessages.channelPolicy(policy, actor.participantId), null);
        }
        modes.evaluate();
    }

    /**
     * Takes the publish grants away and closes the session's publish transport, so that the SFU
     * receives nothing from it whatever its browser does; the others are renegotiated without its
     * tracks. Runs in the session's publish chain, after any publish already under way.
     */
    private void makeListenOnly(Session target, Session actor) {
        policy.listenOnly.add(target.participantId);
        target.grants = withoutPublish(target.grants);
        target.listenOnly = true;
        target.send(ServerMessages.grantsChanged(target, "listenOnly", actor.participantId));
        target.publishChain = target.publishChain.transform(ignored -> stopPublishing(target, "CLOSED listenOnly"));
    }

    private static Grants withoutPublish(Grants g) {
        return new Grants(g.join(), EnumSet.noneOf(Grants.Publish.class), g.subscribe(), g.moderate());
    }

    private Future<Void> stopPublishing(Session s, String state) {
        LocalTransport local = s.publishTransport;
        if (s.ended || local == null) {
            return Future.succeededFuture();
        }
        s.publishTransport = null;
        s.publishRemote = null;
        s.published = List.of();
        s.publishState = state;
        others(s).forEach(this::scheduleNegotiation);
        return node.media().send(new MediaCommand.CloseTransport(local.transportId()))
                .onFailure(e -> LOG.log(System.Logger.Level.WARNING, "CloseTransport failed: {0}", e.getMessage()))
                .<Void>mapEmpty().otherwiseEmpty();
    }

    private void audit(String action, String actor, String target, String result, Object value) {
        node.audit().write(new AuditRecord(Instant.now(), action, callId, actor, target, result, value));
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
        if (s.subscribeTransport != null) {
            node.media().send(new MediaCommand.CloseTransport(s.subscribeTransport.transportId()))
                    .onFailure(e -> LOG.log(System.Logger.Level.DEBUG, "CloseTransport failed: {0}", e.getMessage()));
            s.subscribeState = "CLOSED p2p";
        }
        s.subscribeTransport = null;
        s.subscribeRemote = null;
        s.offerOutstanding = false;
        s.needsOffer = true;
        s.publishChain = s.publishChain.transform(ignored -> stopPublishing(s, "CLOSED p2p"));
    }

    /** An SFU epoch: the session publishes again (its browser offers) and is offered the others' tracks. */
    void sfuMediaOn(Session s) {
        s.needsOffer = true;
        scheduleNegotiation(s);
    }

    private Session participant(String participantId) {
        for (Session s : sessions.values()) {
            if (s.participantId.equals(participantId)) {
                return s;
            }
        }
        return null;
    }

    // ---- subscribe connection: Canal offers, the browser answers

    void scheduleNegotiation(Session s) {
        if (s.ended || s.negotiationScheduled) {
            return;
        }
        s.negotiationScheduled = true;
        // run after the current task, so that a burst of changes makes one offer
        context.runOnContext(v -> {
            s.negotiationScheduled = false;
            negotiate(s);
        });
    }

    private void negotiate(Session s) {
        if (s.ended || s.sfuOff) {
            return; // a session on P2P is offered nothing (docs/signaling.md, "Media mode")
        }
        if (s.offerOutstanding || s.applyingAnswer || s.openingSubscribe || s.restartingIce) {
            return; // negotiate() runs again when the answer is applied or the transport is open
        }
        if (s.iceRestartWanted && s.subscribeTransport != null) {
            restartIceThenOffer(s);
            return;
        }
        boolean changed = s.sections.reconcile(wanted(s));
        if (s.sections.sections().isEmpty() || !(changed || s.subscribeTransport == null || s.needsOffer)) {
            return;
        }
        if (s.subscribeTransport == null) {
            s.openingSubscribe = true;
            node.media().send(new MediaCommand.OpenTransport(callId, s.id, TransportDirection.SUBSCRIBE))
                    .onComplete(ar -> {
                        s.openingSubscribe = false;
                        if (ar.failed()) {
                            refuse(s, ar.cause(), null);
                        } else if (s.sfuOff) {
                            // the call went P2P meanwhile
                            node.media().send(new MediaCommand.CloseTransport(ar.result().transportId()));
                        } else if (!s.ended) {
                            s.subscribeTransport = ar.result();
                            s.iceRestartWanted = false; // a new transport has fresh credentials anyway
                            s.needsOffer = true;
                            negotiate(s);
                        }
                    });
            return;
        }
        s.needsOffer = false;
        List<SubscribeSection> offered = s.sections.markOffered();
        s.revision++;
        SessionDescription sdp = SubscribeOfferWriter.offer(Origin.jsep(s.sdpSessionId, s.revision),
                s.subscribeTransport, offered);
        s.offeredSections = offered;
        s.offerOutstanding = true;
        s.latestOffer = ServerMessages.subscribeOffer(s.revision, sdp.write(), offered);
        s.send(s.latestOffer);
    }

    /**
     * The client asked for an ICE restart on its subscribe connection (its network changed): the next
     * offer, at once or after the outstanding one's answer, carries new local ICE credentials. Without a
     * subscribe transport there is nothing to restart: its first offer has fresh credentials anyway.
     */
    private void restartSubscribeIce(Session s) {
        if (s.subscribeTransport == null) {
            return;
        }
        s.iceRestartWanted = true;
        scheduleNegotiation(s);
    }

    /**
     * RestartIce on the subscribe transport (the browser's new ufrag comes with its answer, through
     * ConnectTransport), then a new offer with the new credentials and the same sections (RFC 8829
     * section 5.2.1: an offer with new ICE credentials restarts ICE).
     */
    private void restartIceThenOffer(Session s) {
        s.iceRestartWanted = false;
        s.restartingIce = true;
        node.media().send(new MediaCommand.RestartIce(s.subscribeTransport.transportId(), null)).onComplete(ar -> {
            s.restartingIce = false;
            if (ar.failed()) {
                // the transport closed meanwhile: its close event opens a new one with a new offer
                LOG.log(System.Logger.Level.DEBUG, "RestartIce failed: {0}", ar.cause().getMessage());
            } else if (!s.ended && s.subscribeTransport != null
                    && s.subscribeTransport.transportId().equals(ar.result().transportId())) {
                s.subscribeTransport = ar.result();
                s.subscribeIceRestarts++;
                s.needsOffer = true;
            }
            negotiate(s);
        });
    }

    /** The tracks a session should receive: every other session's published tracks, in join order (none without the subscribe grant). */
    private List<RemoteTrack> wanted(Session s) {
        List<RemoteTrack> wanted = new ArrayList<>();
        if (!s.grants.subscribe()) {
            return wanted; // no subscribe grant: no subscribe connection at all
        }
        for (Session o : others(s)) {
            for (PublishedTrack t : o.published) {
                wanted.add(new RemoteTrack(t.trackId(), o.participantId, t.kind(),
                        t.kind().name().toLowerCase(Locale.ROOT) + '-' + t.mid(), source(o, t)));
            }
        }
        return wanted;
    }

    private static TrackSource source(Session publisher, PublishedTrack t) {
        return publisher.publishedSources.getOrDefault(t.mid(), TrackSource.defaultFor(t.kind()));
    }

    private void subscribeAnswer(Session s, ClientMessage.SubscribeAnswer message) {
        if (!s.offerOutstanding || message.revision() != s.revision) {
            refuse(s, ErrorCode.STALE_REVISION, "the latest offer is revision " + s.revision, message.id());
            return;
        }
        SubscribeAnswer answer;
        try {
            answer = SubscribeAnswerReader.read(SessionDescription.parse(message.sdp()), s.offeredSections);
        } catch (MalformedInputException | SdpNegotiationException e) {
            refuse(s, ErrorCode.BAD_SDP, e.getMessage(), message.id());
            return;
        }
        s.offerOutstanding = false;
        s.applyingAnswer = true;
        s.answeredRevision = message.revision();
        s.sections.markRejected(answer.rejected());
        LocalTransport local = s.subscribeTransport;
        Future<Void> connect = answer.remote() == null || answer.remote().equals(s.subscribeRemote)
                ? Future.succeededFuture()
                : node.media().send(new MediaCommand.ConnectTransport(local.transportId(), answer.remote()))
                        .onSuccess(v -> s.subscribeRemote = answer.remote());
        connect.compose(v -> node.media().send(new MediaCommand.SetSubscribedTracks(local.transportId(),
                subscribedTracks(s.offeredSections, answer)))).onComplete(ar -> {
                    s.applyingAnswer = false;
                    if (ar.failed() && !s.ended) {
                        refuse(s, ar.cause(), message.id());
                    }
                    negotiate(s);
                });
    }

    /** What the answer accepted of the offered sections, for tracks still published. */
    private List<SubscribedTrack> subscribedTracks(List<SubscribeSection> offered, SubscribeAnswer answer) {
        Set<String> published = new HashSet<>();
        sessions.values().forEach(o -> o.published.forEach(t -> published.add(t.trackId())));
        List<SubscribedTrack> tracks = new ArrayList<>();
        for (SubscribeSection section : offered) {
            SubscribeAnswer.Accepted a = answer.accepted().get(section.mid());
            if (section.active() && a != null && published.contains(section.track().trackId())) {
                tracks.add(new SubscribedTrack(section.track().trackId(), section.mid(), section.ssrc(),
                        List.of(a.codec()), a.extensions()));
            }
        }
        return tracks;
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
                // the browser must offer again (ICE restart); its tracks are gone for everyone
                s.publishState = "CLOSED " + c.reason();
                s.publishTransport = null;
                s.publishRemote = null;
                s.published = List.of();
                others(s).forEach(this::scheduleNegotiation);
            } else if (subscribe) {
                // a new transport, new ICE credentials: the next offer restarts ICE with the same sections
                s.subscribeState = "CLOSED " + c.reason();
                s.subscribeTransport = null;
                s.subscribeRemote = null;
                s.offerOutstanding = false;
                s.needsOffer = true;
                scheduleNegotiation(s);
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
        JsonArray list = new JsonArray();
        long now = System.currentTimeMillis();
        for (Session s : sessions.values()) {
            JsonArray published = new JsonArray();
            s.published.forEach(t -> published.add(new JsonObject().put("mid", t.mid())
                    .put("kind", t.kind().name().toLowerCase(Locale.ROOT)).put("source", source(s, t).wire())));
            JsonArray subscribed = new JsonArray();
            s.sections.sections().forEach(sec -> subscribed.add(new JsonObject().put("mid", sec.mid())
                    .put("kind", sec.kind().name().toLowerCase(Locale.ROOT))
                    .put("participant", sec.track() == null ? null : sec.track().participant())
                    .put("state", sec.rejected() ? "rejected" : sec.active() ? "active" : "inactive")));
            list.add(new JsonObject()
                    .put("participant", s.participantId)
                    .put("attached", s.connection != null)
                    .put("publish", new JsonObject().put("state", s.publishState).put("tracks", published)
                            .put("iceRestarts", s.publishIceRestarts))
                    .put("subscribe", new JsonObject().put("state", s.subscribeState)
                            .put("iceRestarts", s.subscribeIceRestarts)
                            .put("revision", s.revision).put("answeredRevision", s.answeredRevision)
                            .put("sections", subscribed))
                    .put("srtpProfile", s.srtpProfile)
                    .put("stats", s.latestStats)
                    .put("statsAgeMillis", s.latestStats == null ? null : now - s.latestStatsAt));
        }
        return new JsonObject().put("call", callId).put("policy", policy.toJson()).put("mediaMode", modes.describe())
                .put("sessions", list);
    }

    /** Participant id of each session id, to show media counters without session ids. */
    Map<String, String> participantsBySession() {
        Map<String, String> m = new LinkedHashMap<>();
        sessions.values().forEach(s -> m.put(s.id, s.participantId));
        return m;
    }

    private List<Session> others(Session s) {
        return sessions.values().stream().filter(o -> o != s).toList();
    }

    private void broadcast(JsonObject message, Session except) {
        for (Session o : sessions.values()) {
            if (o != except) {
                o.send(message);
            }
        }
    }
}

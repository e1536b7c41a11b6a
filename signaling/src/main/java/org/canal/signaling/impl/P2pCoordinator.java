package org.canal.signaling.impl;

import io.vertx.core.Context;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.canal.signaling.ErrorCode;
import org.canal.signaling.Grants;
import org.canal.signaling.P2pMode;
import org.canal.signaling.P2pOptions;

/**
 * A call's media mode machine (decision 0009; docs/signaling.md, "Media mode"): whether the call runs
 * peer-to-peer or on the SFU, the epoch of each change, the make-before-break switch (both sessions'
 * {@code mediaReady}, then {@code mediaSwitched}), the return delay and switch timeout, and the relay of
 * {@code p2pSignal} between the two sessions of a P2P epoch. Owned by its {@link Call}: runs only on
 * the call's context, timers included, so plain fields. The call tells it of joins, ends, resumes and
 * moderation; it asks the call to close or reopen a session's SFU media.
 *
 * <p>Relayed signals hold the browsers' addresses: they are never logged, stored or counted by
 * address, only passed on (filtered in relay mode) and their drops counted by reason.
 */
final class P2pCoordinator {
    enum Mode {
        P2P, SFU;

        String wire() {
            return this == P2P ? "p2p" : "sfu";
        }
    }

    private static final Set<Grants.Publish> FULL_PUBLISH = EnumSet.allOf(Grants.Publish.class);

    private final Call call;
    private final Context context;
    private final ChannelPolicy policy;
    private final P2pOptions options;
    private final RefusalCounters counters;

    /** A reloaded page whose new epoch its {@code joined} announces instead of a {@code media} (reloading). */
    private Session learnsFromJoined;
    private long epoch;
    /** Null until the first session joined. */
    private Mode mode;
    /** The sessions of the current P2P epoch in join order (the first is the offerer); empty on the SFU. */
    private List<Session> pair = List.of();
    private boolean relayOnly;
    /** The current epoch completed ({@code mediaSwitched} went out). */
    private boolean complete;
    /** The sessions whose {@code mediaReady} the current epoch still waits for. */
    private final Set<Session> waiting = new HashSet<>();
    private long switchTimer = -1;
    private long returnTimer = -1;
    /** The return delay ran out: the next evaluation may go back to P2P. */
    private boolean returnDue;
    /** A moderator acted on a participant: the call stays on the SFU until it empties. */
    private boolean sticky;
    /** The last P2P attempt was not ready in time: SFU until the membership changes. */
    private boolean pairFailed;

    P2pCoordinator(Call call, Context context, ChannelPolicy policy, P2pOptions options, RefusalCounters counters) {
        this.call = call;
        this.context = context;
        this.policy = policy;
        this.options = options;
        this.counters = counters;
    }

    // ---- what the call tells it

    /**
     * A session joined (it is in the call, not yet attached: the epoch it starts in reaches it in
     * {@code joined}). It joins with its SFU media off when the call runs P2P: if the call stays P2P it
     * never had any; if it goes to the SFU, the new epoch turns everyone's on.
     */
    void joined(Session s) {
        s.sfuOff = mode == Mode.P2P;
        pairFailed = false;
        evaluate();
    }

    void ended(Session s) {
        waiting.remove(s);
        pairFailed = false;
        evaluate();
    }

    /**
     * Before the {@code joined} of a reloaded page: the page lost its P2P connection, so a P2P epoch
     * it is in starts again as a new epoch, announced to the peer now and to the page in that
     * {@code joined} (so that the page never starts a connection for the old epoch). True if it did.
     */
    boolean reloading(Session s) {
        if (mode != Mode.P2P || pair.size() != 2 || !pair.contains(s)) {
            return false;
        }
        learnsFromJoined = s;
        try {
            startP2p(pair);
        } finally {
            learnsFromJoined = null;
        }
        return true;
    }

    /**
     * A session resumed on a new socket (after its {@code joined}): it gets the current epoch again,
     * and {@code mediaSwitched} if it completed, in case its socket missed them; not after a
     * {@link #reloading} that started a new epoch, which {@code joined} carried.
     */
    void resumed(Session s, boolean newEpochInJoined) {
        if (!newEpochInJoined && s.p2pCapable && mode != null) {
            s.send(ServerMessages.media(epochFor(s)));
            if (complete) {
                s.send(ServerMessages.mediaSwitched(epoch));
            }
        }
    }

    /** A moderator kicked, muted or made listen-only a participant: SFU until the call empties. Call {@link #evaluate} after the action. */
    void moderatorActedOnParticipant() {
        sticky = true;
    }

    /** Stops the timers: the call is empty. */
    void close() {
        cancelSwitchTimer();
        cancelReturnTimer();
    }

    /** The {@code media} field of {@code joined}: the current epoch as {@code s} sees it. */
    JsonObject epochFor(Session s) {
        if (mode == null) {
            return ServerMessages.mediaEpoch(0, Mode.SFU.wire(), null, null, false);
        }
        Session peer = null;
        String role = null;
        if (mode == Mode.P2P && pair.size() == 2 && pair.contains(s)) {
            peer = pair.get(0) == s ? pair.get(1) : pair.get(0);
            role = pair.get(0) == s ? "offerer" : "answerer";
        }
        return ServerMessages.mediaEpoch(epoch, mode.wire(), peer == null ? null : peer.participantId, role,
                mode == Mode.P2P && relayOnly);
    }

    /** For diagnostics: the epoch, mode and whether it completed; no addresses. */
    JsonObject describe() {
        return new JsonObject().put("epoch", epoch).put("mode", mode == null ? null : mode.wire())
                .put("switched", complete).put("relayOnly", mode == Mode.P2P && relayOnly)
                .put("pair", new io.vertx.core.json.JsonArray(pair.stream().map(p -> p.participantId).toList()))
                .put("stickySfu", sticky).put("pairFailed", pairFailed);
    }

    // ---- requests of a session

    void mediaReady(Session s, ClientMessage.MediaReady m) {
        if (m.epoch() != epoch) {
            call.refuse(s, ErrorCode.STALE_EPOCH, "the current media epoch is " + epoch, m.id());
            return;
        }
        if (complete || !waiting.remove(s) || !waiting.isEmpty()) {
            return; // a repeat, a session the epoch does not wait for, or the other is not ready yet
        }
        if (mode == Mode.P2P) {
            completeP2p();
        } else {
            completeSfu();
        }
    }

    /**
     * Relays a P2P signal to the other session of the current P2P epoch, filtered in relay mode. A
     * signal of another epoch, or from a session outside the pair, is refused STALE_EPOCH.
     */
    void p2pSignal(Session s, ClientMessage.P2pSignal m) {
        if (m.epoch() != epoch || mode != Mode.P2P || pair.size() != 2 || !pair.contains(s)) {
            call.refuse(s, ErrorCode.STALE_EPOCH, "the current media epoch is " + epoch
                    + (mode == Mode.P2P && pair.contains(s) ? "" : ", and this session has no P2P peer in it"), m.id());
            return;
        }
        Session peer = pair.get(0) == s ? pair.get(1) : pair.get(0);
        JsonObject description = m.description();
        JsonObject candidate = m.candidate();
        if (relayOnly && description != null && description.getString("sdp") != null) {
            RelayOnlyFilter.Stripped stripped = RelayOnlyFilter.strip(description.getString("sdp"));
            if (stripped.removedLines() > 0) {
                counters.count(RefusalCounters.P2pDrop.NOT_RELAY_SDP_LINE, stripped.removedLines());
            }
            description = description.copy().put("sdp", stripped.sdp());
        }
        if (relayOnly && candidate != null && !candidate.getString("candidate").isEmpty()
                && !RelayOnlyFilter.isRelay(candidate.getString("candidate"))) {
            counters.count(RefusalCounters.P2pDrop.NOT_RELAY_CANDIDATE, 1);
            return;
        }
        if (peer.connection == null) {
            counters.count(RefusalCounters.P2pDrop.PEER_DETACHED, 1);
            return;
        }
        peer.send(ServerMessages.p2pSignal(epoch, s.participantId, description, candidate));
    }

    // ---- the mode machine

    /**
     * Decides the call's mode from its sessions and policy (decision 0009): P2P when eligible, SFU
     * otherwise; a change of mode or of the P2P pair is a new epoch. Going back to P2P from the SFU
     * waits for the return delay of the call staying eligible.
     */
    void evaluate() {
        List<Session> sessions = call.sessionsInJoinOrder();
        if (sessions.isEmpty()) {
            close();
            return;
        }
        if (!eligible(sessions)) {
            cancelReturnTimer();
            if (mode != Mode.SFU) {
                startSfu();
            }
            return;
        }
        if (mode == null || (mode == Mode.P2P && !pair.equals(sessions)) || (mode == Mode.SFU && returnDue)) {
            startP2p(sessions);
        } else if (mode == Mode.SFU && returnTimer < 0) {
            returnTimer = context.owner().setTimer(Math.max(1, options.returnDelay().toMillis()), id -> {
                returnTimer = -1;
                returnDue = true;
                try {
                    evaluate();
                } finally {
                    returnDue = false;
                }
            });
        }
    }

    /** Decision 0009's rule; a session in its grace period counts, as it is still in the call. */
    private boolean eligible(List<Session> sessions) {
        P2pMode p2p = policy.p2p;
        if (p2p == P2pMode.OFF || (p2p == P2pMode.RELAY && !options.turnAvailable())) {
            return false;
        }
        if (sessions.size() > 2 || sticky || pairFailed) {
            return false;
        }
        for (Session s : sessions) {
            if (!s.p2pCapable || !s.grants.subscribe() || !s.grants.publish().containsAll(FULL_PUBLISH)) {
                return false;
            }
        }
        return true;
    }

    private void startP2p(List<Session> sessions) {
        cancelSwitchTimer();
        cancelReturnTimer();
        epoch++;
        mode = Mode.P2P;
        pair = List.copyOf(sessions);
        relayOnly = policy.p2p == P2pMode.RELAY;
        complete = false;
        waiting.clear();
        if (pair.size() == 2) {
            waiting.addAll(pair);
        }
        announce();
        if (pair.size() < 2) {
            completeP2p(); // a lone participant has nothing to wait for, and publishes nothing
        } else {
            long started = epoch;
            switchTimer = context.owner().setTimer(options.switchTimeout().toMillis(), id -> {
                switchTimer = -1;
                if (epoch == started && !complete) {
                    // P2P did not connect in time: back to the SFU, and not again for this pair
                    pairFailed = true;
                    startSfu();
                }
            });
        }
    }

    /**
     * To the SFU: every session's SFU media is on from now; the clients keep the P2P connection until
     * {@code mediaSwitched}, which waits for the former pair's {@code mediaReady} or the timeout.
     */
    private void startSfu() {
        cancelSwitchTimer();
        cancelReturnTimer();
        List<Session> sessions = call.sessionsInJoinOrder();
        boolean fromPair = mode == Mode.P2P && pair.size() == 2 && sessions.containsAll(pair);
        List<Session> former = pair;
        epoch++;
        mode = Mode.SFU;
        pair = List.of();
        relayOnly = false;
        complete = false;
        waiting.clear();
        if (fromPair) {
            waiting.addAll(former);
        }
        for (Session s : sessions) {
            if (s.sfuOff) {
                s.sfuOff = false;
                call.sfuMediaOn(s);
            }
        }
        announce();
        if (waiting.isEmpty()) {
            completeSfu();
        } else {
            long started = epoch;
            switchTimer = context.owner().setTimer(options.switchTimeout().toMillis(), id -> {
                switchTimer = -1;
                if (epoch == started && !complete) {
                    completeSfu(); // the clients close P2P anyway: the SFU is the path from now
                }
            });
        }
    }

    /** Both have P2P media (or one is alone): close their SFU transports first, then tell them. */
    private void completeP2p() {
        cancelSwitchTimer();
        complete = true;
        waiting.clear();
        for (Session s : pair) {
            if (!s.sfuOff) {
                s.sfuOff = true;
                call.sfuMediaOff(s);
            }
        }
        switched();
    }

    private void completeSfu() {
        cancelSwitchTimer();
        complete = true;
        waiting.clear();
        switched();
    }

    /** {@code media} to every capable session: each epoch change concerns all of them. */
    private void announce() {
        for (Session s : new ArrayList<>(call.sessionsInJoinOrder())) {
            if (s.p2pCapable && s != learnsFromJoined) {
                s.send(ServerMessages.media(epochFor(s)));
            }
        }
    }

    private void switched() {
        JsonObject message = ServerMessages.mediaSwitched(epoch);
        for (Session s : call.sessionsInJoinOrder()) {
            if (s.p2pCapable) {
                s.send(message);
            }
        }
    }

    private void cancelSwitchTimer() {
        if (switchTimer >= 0) {
            context.owner().cancelTimer(switchTimer);
            switchTimer = -1;
        }
    }

    private void cancelReturnTimer() {
        if (returnTimer >= 0) {
            context.owner().cancelTimer(returnTimer);
            returnTimer = -1;
        }
    }
}

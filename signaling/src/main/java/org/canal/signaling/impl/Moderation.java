package org.canal.signaling.impl;

import java.time.Instant;
import java.util.EnumSet;
import org.canal.signaling.AuditRecord;
import org.canal.signaling.ErrorCode;
import org.canal.signaling.Grants;
import org.canal.signaling.P2pMode;

/**
 * A call's {@link ChannelPolicy} in force (docs/moderation.md): who may join, and the moderators'
 * requests that change the policy or act on a participant (kick, mute, listen-only). Both the
 * actions and the joins the policy refuses go to the audit log. Owned by its {@link Call}: runs only
 * on the call's context.
 */
final class Moderation {
    private final Call call;
    private final ChannelPolicy policy;
    private final P2pCoordinator modes;
    private final PublishNegotiator publishing;
    private final SignalingImpl node;

    Moderation(Call call, ChannelPolicy policy, P2pCoordinator modes, PublishNegotiator publishing, SignalingImpl node) {
        this.call = call;
        this.policy = policy;
        this.modes = modes;
        this.publishing = publishing;
        this.node = node;
    }

    /**
     * Why the policy refuses this join, or null (docs/moderation.md, "Who may join"); a refusal is
     * audited. A kicked id is refused to everyone; a moderator passes the lock and invite-only; a
     * participant already in the call (a reloaded page replacing its session) passes the lock and the
     * limit, as it adds no one.
     */
    SignalingException admission(String participantId, boolean replacing, JoinGrant grant, int participants) {
        SignalingException refusal = refusal(participantId, replacing, grant, participants);
        if (refusal != null) {
            audit("join", null, participantId, refusal.code().name(), null);
        }
        return refusal;
    }

    private SignalingException refusal(String participantId, boolean replacing, JoinGrant grant, int participants) {
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
        if (!replacing && participants >= policy.maxParticipants) {
            return new SignalingException(ErrorCode.CHANNEL_FULL, "the call has " + policy.maxParticipants
                    + " participants, its limit");
        }
        return null;
    }

    /** A participant a moderator made listen-only stays so in every new session, until the call empties. */
    void restrictJoining(Session s) {
        if (policy.listenOnly.contains(s.participantId)) {
            s.grants = withoutPublish(s.grants);
            s.listenOnly = true;
        }
    }

    /**
     * A moderator's request: refused NOT_ALLOWED without the moderate grant, UNKNOWN_PARTICIPANT for a
     * target not in the call. The policy changes at once; the reply {@code moderated} goes out before
     * the action's effects (kicked, muteRequest, channelPolicy, renegotiations). Every request,
     * refused or not, is audited.
     */
    void moderate(Session actor, ClientMessage.Moderate m) {
        ModerationAction action = m.action();
        Object value = action == ModerationAction.MUTE ? m.kind()
                : m.value() instanceof P2pMode p ? p.wire() : m.value();
        if (!actor.grants.moderate()) {
            audit(action.wire, actor.participantId, m.participant(), ErrorCode.NOT_ALLOWED.name(), value);
            call.refuse(actor, ErrorCode.NOT_ALLOWED, "the token's grants do not include 'moderate'", m.id());
            return;
        }
        Session target = null;
        if (action.targetsParticipant) {
            target = call.participant(m.participant());
            if (target == null) {
                audit(action.wire, actor.participantId, m.participant(), ErrorCode.UNKNOWN_PARTICIPANT.name(), value);
                call.refuse(actor, ErrorCode.UNKNOWN_PARTICIPANT, "no participant '" + m.participant() + "' in this call", m.id());
                return;
            }
            if (target == actor) {
                audit(action.wire, actor.participantId, m.participant(), ErrorCode.NOT_ALLOWED.name(), value);
                call.refuse(actor, ErrorCode.NOT_ALLOWED, "a moderator does not act on itself (use leave, or mute locally)", m.id());
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
                case SET_P2P -> policy.p2p = (P2pMode) m.value();
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
            case KICK -> call.end(target, "kicked", ServerMessages.kicked(actor.participantId), (short) 1008);
            case MUTE -> target.send(ServerMessages.muteRequest(m.kind(), actor.participantId));
            case LISTEN_ONLY -> makeListenOnly(target, actor);
            default -> call.broadcast(ServerMessages.channelPolicy(policy, actor.participantId), null);
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
        publishing.stopAfterPending(target, "CLOSED listenOnly");
    }

    private static Grants withoutPublish(Grants g) {
        return new Grants(g.join(), EnumSet.noneOf(Grants.Publish.class), g.subscribe(), g.moderate());
    }

    private void audit(String action, String actor, String target, String result, Object value) {
        node.audit().write(new AuditRecord(Instant.now(), action, call.callId, actor, target, result, value));
    }
}

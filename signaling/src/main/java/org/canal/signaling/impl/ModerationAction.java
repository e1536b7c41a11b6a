package org.canal.signaling.impl;

/** The {@code action} of a {@code moderate} message (docs/moderation.md, "Actions"). */
enum ModerationAction {
    KICK("kick", true),
    MUTE("mute", true),
    LISTEN_ONLY("listenOnly", true),
    LOCK("lock", false),
    UNLOCK("unlock", false),
    SET_MAX_PARTICIPANTS("setMaxParticipants", false),
    SET_INVITE_ONLY("setInviteOnly", false),
    /** Sets the call's P2P policy (docs/signaling.md, "Media mode"). */
    SET_P2P("setP2p", false);

    /** The action's name in the message and in the audit log. */
    final String wire;
    /** Whether the message names a target {@code participant}. */
    final boolean targetsParticipant;

    ModerationAction(String wire, boolean targetsParticipant) {
        this.wire = wire;
        this.targetsParticipant = targetsParticipant;
    }

    static ModerationAction of(String wire) {
        for (ModerationAction a : values()) {
            if (a.wire.equals(wire)) {
                return a;
            }
        }
        return null;
    }
}

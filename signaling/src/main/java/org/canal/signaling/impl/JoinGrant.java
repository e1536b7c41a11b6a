package org.canal.signaling.impl;

import org.canal.signaling.Grants;

/**
 * What a verified join token allows: joining call {@code server/channel} as {@code subject} (or, for
 * a dev invite, as a fresh random participant: {@code subject} null), with {@code grants};
 * {@code viaInvite} when the token came from an invite (it may join an invite-only call).
 */
record JoinGrant(String server, String channel, String subject, boolean invite, Grants grants, boolean viaInvite) {
    String callId() {
        return server + '/' + channel;
    }
}

package org.canal.signaling.impl;

import org.canal.signaling.Grants;

/**
 * What a verified join token allows: joining call {@code server/channel} as {@code subject} (or, for
 * a dev invite, as a fresh random participant: {@code subject} null), with {@code grants}.
 */
record JoinGrant(String server, String channel, String subject, boolean invite, Grants grants) {
    String callId() {
        return server + '/' + channel;
    }
}

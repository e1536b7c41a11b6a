package org.canal.signaling.impl;

/**
 * What a verified join token allows: joining call {@code server/channel} as {@code subject}, or, for
 * an invite, as a fresh random participant ({@code subject} null).
 */
record JoinGrant(String server, String channel, String subject, boolean invite) {
    String callId() {
        return server + '/' + channel;
    }
}

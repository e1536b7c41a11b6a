package org.canal.signaling;

import java.util.Locale;

/**
 * A channel's P2P policy (docs/signaling.md, "Media mode"; decision 0009): whether a call of one or
 * two capable participants runs peer-to-peer, and how.
 */
public enum P2pMode {
    /** Always SFU. */
    OFF,
    /** P2P with any candidates: the two browsers learn each other's addresses, as in any P2P call. */
    DIRECT,
    /**
     * P2P only through the configured TURN server: clients use {@code iceTransportPolicy: "relay"} and
     * the node relays only {@code typ relay} candidates. Without a TURN server it means SFU.
     */
    RELAY;

    /** The name in messages and configuration: {@code off}, {@code direct}, {@code relay}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode named {@code wire} (as {@link #wire()} writes it), or null. */
    public static P2pMode of(String wire) {
        for (P2pMode m : values()) {
            if (m.wire().equals(wire)) {
                return m;
            }
        }
        return null;
    }
}

package org.canal.peer;

/** The ICE role a peer takes (RFC 8445 section 6.1.1). Against Canal's ICE-lite a peer is controlling. */
public enum IceRole {
    /** Nominates the pair (USE-CANDIDATE); the role of a browser facing an ICE-lite server. */
    CONTROLLING,
    /** Waits for the other agent's nomination; for peer-to-peer tests between two peers. */
    CONTROLLED
}

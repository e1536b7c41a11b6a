package org.canal.peer;

/** Which end of the DTLS handshake a peer plays (RFC 5763 section 5: a=setup). */
public enum DtlsRole {
    /** Sends the ClientHello (a=setup:active); the role of a browser facing Canal (passive). */
    CLIENT,
    /** Answers the ClientHello (a=setup:passive); for peer-to-peer tests between two peers. */
    SERVER
}

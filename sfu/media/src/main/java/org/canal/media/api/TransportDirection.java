package org.canal.media.api;

/** Which of a participant's two PeerConnections a transport serves. */
public enum TransportDirection {
    /** The browser sends its camera, microphone and screen; it offers, Canal answers. */
    PUBLISH,
    /** The browser receives the others; Canal offers, the browser answers. */
    SUBSCRIBE
}

package org.canal.media.api;

/** The browser's end of a transport, from its SDP. */
public record RemoteTransport(String iceUfrag, String icePwd, String fingerprintAlgorithm, String fingerprint) {}

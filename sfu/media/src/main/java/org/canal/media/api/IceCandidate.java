package org.canal.media.api;

/** A host candidate of the node: UDP on {@code address:port}, the port of the call's media loop. */
public record IceCandidate(String address, int port, long priority) {}

package org.canal.media.api;

/** A negotiated RTP header extension (RFC 8285): its id on one transport and its URI. */
public record HeaderExtension(int id, String uri) {}

package org.canal.media.engine;

/**
 * Why a datagram (or a forwarded copy) was dropped. Names are stable: they are the keys of
 * {@code NodeStats.drops} and {@code CallStats.TransportStats.drops}, and never carry an address.
 * SRTP and SRTCP refusals are counted separately under {@code SRTP_<reason>} and {@code SRTCP_<reason>}
 * ({@link DropCounters}).
 */
public enum DropReason {
    // ---- before a datagram is tied to a transport (node counters) ----
    /** The first byte fits no RFC 7983 range, or the datagram is shorter than its kind's smallest message. */
    UNCLASSIFIABLE,
    /** ZRTP or TURN ChannelData: valid ranges Canal does not speak. */
    UNSUPPORTED_KIND,
    /** Longer than the loop's receive buffer. */
    TOO_LARGE,
    /** STUN framing refused by the protocol core. */
    STUN_MALFORMED,
    /** A STUN response, an indication or another method: an ICE-lite agent only answers binding requests. */
    STUN_NOT_BINDING_REQUEST,
    /** A binding request from a new address whose USERNAME names no transport of this loop. */
    STUN_UNKNOWN_UFRAG,
    /** A plain binding request (no credentials) with an unknown comprehension-required attribute: not answered. */
    STUN_BINDING_UNKNOWN_ATTRIBUTE,
    /** A plain binding request whose FINGERPRINT does not match: not answered. */
    STUN_BINDING_BAD_FINGERPRINT,
    /** DTLS, RTP or RTCP from an address that never completed an authenticated check. */
    UNKNOWN_SENDER,
    /** Handling the datagram threw: a bug in Canal, contained to this one datagram. */
    INTERNAL_ERROR,

    // ---- on a transport ----
    /** ICE check without FINGERPRINT (not answered). */
    STUN_NO_FINGERPRINT,
    /** ICE check whose FINGERPRINT does not match (not answered). */
    STUN_BAD_FINGERPRINT,
    /** ICE check without USERNAME or MESSAGE-INTEGRITY (answered 400). */
    STUN_MISSING_CREDENTIALS,
    /** ICE check whose USERNAME is not ours (answered 401). */
    STUN_WRONG_USERNAME,
    /** ICE check whose MESSAGE-INTEGRITY does not match our password (answered 401). */
    STUN_WRONG_INTEGRITY,
    /** A DTLS datagram the handshake could not take: queue full, handshake over or failed. */
    DTLS_NOT_ACCEPTED,
    /** SRTP or SRTCP before the DTLS handshake produced keys. */
    MEDIA_BEFORE_KEYS,
    /** Decrypted RTP that does not parse. */
    RTP_MALFORMED,
    /** Decrypted RTCP that does not parse as a compound packet. */
    RTCP_MALFORMED,
    /** RTP on a SUBSCRIBE transport, where the browser only receives. */
    RTP_UNEXPECTED,
    /** RTP whose SSRC is neither declared nor tied to a track by its MID extension. */
    RTP_UNKNOWN_SSRC,
    /** A forwarded packet's payload type has no codec the subscriber negotiated. */
    UNKNOWN_CODEC,
    /** A forwarded packet's header extensions could not be rewritten to the subscriber's ids. */
    EXTENSION_REWRITE_FAILED,
    /** A forwarded packet for a subscriber whose transport has no keys or address yet. */
    SUBSCRIBER_NOT_CONNECTED,
    /** A sender report whose SSRC is tied to no published track of the transport: nothing to forward it to. */
    SR_UNKNOWN_SSRC,
    /**
     * A publisher's sender report for a leg that has not yet sent a packet of that source, so there is no
     * timestamp mapping to translate it with (counted on the subscriber's transport; the next SR will do).
     */
    SR_BEFORE_MEDIA
}

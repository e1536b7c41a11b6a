package org.canal.protocol.srtp;

import org.canal.protocol.Malformation;

/**
 * Why {@link SrtpContext} refused to protect or unprotect a packet. The context returns these by
 * value (encoded as a negative length, see {@link #ofResult(int)}), so a refusal allocates nothing.
 */
public enum SrtpMalformation implements Malformation {
    INVALID_RANGE("The offset and length do not describe a range inside the array."),
    TOO_SHORT("The packet is shorter than its fixed header plus the authentication tag and trailer it must carry."),
    TOO_LONG("The packet is longer than a UDP datagram can carry (65,535 bytes)."),
    NOT_VERSION_2("The version field is not 2 (RFC 3550 section 5.1)."),
    HEADER_OVERRUN("The CSRC list or header extension runs past the end of the packet (RFC 3550 section 5.3.1)."),
    NO_TAILROOM("The array has no room after the packet for the authentication tag (and SRTCP index)."),
    AUTHENTICATION_FAILED("The authentication tag does not match: wrong key, altered or truncated packet (RFC 3711 section 3.3)."),
    REPLAYED("This packet index was already received (RFC 3711 section 3.3.2)."),
    TOO_OLD("The packet index lies behind the replay window or before the stream's first packet (RFC 3711 section 3.3.2)."),
    TOO_MANY_STREAMS("The packet's SSRC is new and the context already tracks its maximum number of SSRCs."),
    KEY_EXHAUSTED("The packet index space of this key is used up (2^48 SRTP or 2^31 SRTCP packets); rekey (RFC 3711 section 9.2)."),
    CIPHER_FAILED("The JCE cipher refused the operation.");

    private static final SrtpMalformation[] VALUES = values();

    private final String explanation;

    SrtpMalformation(String explanation) {
        this.explanation = explanation;
    }

    @Override
    public String explanation() {
        return explanation;
    }

    /** The negative value {@link SrtpContext} returns for this refusal. */
    public int asResult() {
        return -1 - ordinal();
    }

    /** The refusal a negative result of {@link SrtpContext} stands for, or null for a length (>= 0). */
    public static SrtpMalformation ofResult(int result) {
        if (result >= 0) {
            return null;
        }
        int i = -1 - result;
        return i < VALUES.length ? VALUES[i] : CIPHER_FAILED;
    }
}

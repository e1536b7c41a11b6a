package org.canal.protocol.stun;

import org.canal.protocol.Malformation;

/**
 * Why a STUN message was refused: by {@link StunMessage#wrap} (framing, RFC 8489 sections 5 and 14),
 * or by the integrity and fingerprint checks (sections 14.5 and 14.7).
 *
 * <p>Returned, never thrown, on the packet path, so that a flood of bad messages costs a counter, not
 * an allocation. What the caller answers depends on the reason: framing errors are dropped silently
 * (section 6.3), a missing or wrong MESSAGE-INTEGRITY on a request is answered 400 or 401
 * (section 9.1.3), a wrong FINGERPRINT means the bytes were not STUN at all (section 7).
 */
public enum StunMalformation implements Malformation {
    TRUNCATED_HEADER("Shorter than the 20-byte STUN header (RFC 8489 section 5)."),
    FIRST_BITS_NOT_ZERO("The two most significant bits of a STUN message must be zero (RFC 8489 section 5)."),
    BAD_MAGIC_COOKIE("The magic cookie field is not 0x2112A442 (RFC 8489 section 5)."),
    LENGTH_NOT_MULTIPLE_OF_FOUR("The message length is not a multiple of 4 (RFC 8489 section 5)."),
    LENGTH_MISMATCH("The message length field does not match the bytes present after the header (RFC 8489 section 5)."),
    ATTRIBUTE_OVERRUNS_MESSAGE("An attribute's value and padding run past the end of the message (RFC 8489 section 14)."),
    BAD_ATTRIBUTE_LENGTH("A known attribute has a length its definition does not allow (RFC 8489 section 14, RFC 8445 section 16)."),
    BAD_ADDRESS_FAMILY("An address attribute names a family other than IPv4 (0x01) or IPv6 (0x02) (RFC 8489 section 14.1)."),
    BAD_ERROR_CODE("ERROR-CODE has a class outside 3..6 or a number above 99 (RFC 8489 section 14.8)."),
    FINGERPRINT_NOT_LAST("An attribute follows FINGERPRINT, which must be the last attribute (RFC 8489 section 14.7)."),
    MISSING_MESSAGE_INTEGRITY("The message has no MESSAGE-INTEGRITY attribute (RFC 8489 section 9.1.3)."),
    INTEGRITY_MISMATCH("MESSAGE-INTEGRITY does not match the HMAC-SHA1 under this key (RFC 8489 section 14.5)."),
    MISSING_FINGERPRINT("The message has no FINGERPRINT attribute (RFC 8489 section 14.7)."),
    FINGERPRINT_MISMATCH("FINGERPRINT does not match the CRC-32 of the message XOR 0x5354554E (RFC 8489 section 14.7).");

    private final String explanation;

    StunMalformation(String explanation) {
        this.explanation = explanation;
    }

    @Override
    public String explanation() {
        return explanation;
    }
}

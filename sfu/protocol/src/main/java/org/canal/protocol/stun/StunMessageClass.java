package org.canal.protocol.stun;

/**
 * The class of a STUN message: the two bits C1 C0 interleaved into the message type (RFC 8489
 * section 5). Immutable.
 */
public enum StunMessageClass {
    REQUEST(0b00),
    INDICATION(0b01),
    SUCCESS_RESPONSE(0b10),
    ERROR_RESPONSE(0b11);

    /** Indexed by {@link #bits()}; a private copy so that lookups do not clone {@code values()}. */
    private static final StunMessageClass[] BY_BITS = values();

    private final int bits;

    StunMessageClass(int bits) {
        this.bits = bits;
    }

    /** C1 C0 as an integer 0..3. */
    public int bits() {
        return bits;
    }

    static StunMessageClass ofBits(int bits) {
        return BY_BITS[bits & 0b11];
    }
}

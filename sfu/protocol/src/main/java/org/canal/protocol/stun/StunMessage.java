package org.canal.protocol.stun;

import static org.canal.protocol.BigEndian.i64;
import static org.canal.protocol.BigEndian.u16;
import static org.canal.protocol.BigEndian.u32;
import static org.canal.protocol.BigEndian.u8;
import static org.canal.protocol.stun.StunAttributeType.ERROR_CODE;
import static org.canal.protocol.stun.StunAttributeType.FINGERPRINT;
import static org.canal.protocol.stun.StunAttributeType.ICE_CONTROLLED;
import static org.canal.protocol.stun.StunAttributeType.ICE_CONTROLLING;
import static org.canal.protocol.stun.StunAttributeType.MESSAGE_INTEGRITY;
import static org.canal.protocol.stun.StunAttributeType.MESSAGE_INTEGRITY_SHA256;
import static org.canal.protocol.stun.StunAttributeType.PRIORITY;
import static org.canal.protocol.stun.StunAttributeType.SOFTWARE;
import static org.canal.protocol.stun.StunAttributeType.UNKNOWN_ATTRIBUTES;
import static org.canal.protocol.stun.StunAttributeType.USERNAME;
import static org.canal.protocol.stun.StunAttributeType.USE_CANDIDATE;
import static org.canal.protocol.stun.StunAttributeType.XOR_MAPPED_ADDRESS;

import java.util.Objects;
import org.canal.protocol.MalformedInputException;
import org.canal.protocol.crypto.HmacSha1;

/**
 * A STUN message (RFC 8489 section 5), as a reusable view over {@code buf[off..off+len)} that never
 * copies: {@link #wrap} validates the header and every attribute, then the accessors read in place.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |0 0|     STUN Message Type     |         Message Length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Magic Cookie                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     Transaction ID (96 bits)                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *  Message type:  M11 M10 M9 M8 M7 C1 M6 M5 M4 C0 M3 M2 M1 M0
 *
 *  Attribute (section 14), value padded to a multiple of 4 bytes:
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Type                  |            Length             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Value (variable)                ....
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Attributes after MESSAGE-INTEGRITY other than MESSAGE-INTEGRITY-SHA256 and FINGERPRINT, and after
 * MESSAGE-INTEGRITY-SHA256 other than FINGERPRINT, are ignored as sections 14.5 and 14.6 require: they
 * are framed and stepped over but neither validated, found nor reported unknown. Of a repeated
 * attribute the first counts. Padding bytes are never checked (section 14: receivers ignore them).
 *
 * <p>Attribute positions ("at") are absolute offsets into {@link #buffer()} of an attribute's header.
 * One thread at a time; the view allocates nothing after construction, on acceptance or refusal.
 */
public final class StunMessage {
    public static final int HEADER_LENGTH = 20;
    public static final int MAGIC_COOKIE = 0x2112A442;
    public static final int TRANSACTION_ID_LENGTH = 12;
    public static final int ATTRIBUTE_HEADER_LENGTH = 4;
    public static final int METHOD_BINDING = 0x001;
    /** TURN's Allocate method (RFC 8656 section 17). */
    public static final int METHOD_ALLOCATE = 0x003;
    /** The most unknown comprehension-required types remembered for a 420 answer. */
    public static final int MAX_UNKNOWN_REPORTED = 16;

    static final int LENGTH_OFFSET = 2;
    static final int COOKIE_OFFSET = 4;
    static final int TRANSACTION_ID_OFFSET = 8;
    private static final int FIRST_BITS_MASK = 0xC0;
    private static final int USERNAME_MAX = 513;
    /** SOFTWARE and the ERROR-CODE reason: fewer than 128 characters, up to 763 bytes (section 14.8, 14.14). */
    private static final int TEXT_MAX = 763;
    private static final int ERROR_CODE_FIXED = 4;

    /** Where in the message the attribute walk is: which attributes still count (sections 14.5, 14.6). */
    private static final int REGION_ORDINARY = 0;
    private static final int REGION_AFTER_MI = 1;
    private static final int REGION_AFTER_MI_SHA256 = 2;

    private final StunFingerprint crc = new StunFingerprint();
    private final int[] unknown = new int[MAX_UNKNOWN_REPORTED];

    private byte[] buf = new byte[0];
    private int off;
    private int len;
    private StunMalformation malformation = StunMalformation.TRUNCATED_HEADER;
    private int unknownCount;
    private int usernameAt;
    private int priorityAt;
    private int useCandidateAt;
    private int controllingAt;
    private int controlledAt;
    private int xorMappedAddressAt;
    private int errorCodeAt;
    private int unknownAttributesAt;
    private int softwareAt;
    private int integrityAt;
    private int integritySha256At;
    private int fingerprintAt;

    /**
     * Views {@code buf[off..off+len)} as a STUN message. Returns null when it is one, else the reason,
     * also kept in {@link #malformation()}; after a refusal every attribute reads as absent.
     *
     * @throws IndexOutOfBoundsException if the range lies outside {@code buf}: a caller's bug, not input
     */
    public StunMalformation wrap(byte[] buf, int off, int len) {
        Objects.checkFromIndexSize(off, len, buf.length);
        this.buf = buf;
        this.off = off;
        this.len = len;
        clear();
        StunMalformation m = validate();
        if (m != null) {
            clear();
        }
        malformation = m;
        return m;
    }

    /** {@link #wrap} for control-plane and test use: throws the refusal instead of returning it. */
    public StunMessage parse(byte[] buf, int off, int len) throws MalformedInputException {
        StunMalformation m = wrap(buf, off, len);
        if (m != null) {
            throw new MalformedInputException(m);
        }
        return this;
    }

    private void clear() {
        unknownCount = 0;
        usernameAt = priorityAt = useCandidateAt = controllingAt = controlledAt = -1;
        xorMappedAddressAt = errorCodeAt = unknownAttributesAt = softwareAt = -1;
        integrityAt = integritySha256At = fingerprintAt = -1;
    }

    private StunMalformation validate() {
        if (len < HEADER_LENGTH) {
            return StunMalformation.TRUNCATED_HEADER;
        }
        if ((buf[off] & FIRST_BITS_MASK) != 0) {
            return StunMalformation.FIRST_BITS_NOT_ZERO;
        }
        if ((int) u32(buf, off + COOKIE_OFFSET) != MAGIC_COOKIE) {
            return StunMalformation.BAD_MAGIC_COOKIE;
        }
        int bodyLength = u16(buf, off + LENGTH_OFFSET);
        if ((bodyLength & 3) != 0) {
            return StunMalformation.LENGTH_NOT_MULTIPLE_OF_FOUR;
        }
        if (bodyLength != len - HEADER_LENGTH) {
            return StunMalformation.LENGTH_MISMATCH;
        }
        int end = off + len;
        int region = REGION_ORDINARY;
        // The body length is a multiple of 4, so a whole attribute header always fits where one starts.
        for (int at = off + HEADER_LENGTH; at < end; ) {
            if (fingerprintAt >= 0) {
                return StunMalformation.FINGERPRINT_NOT_LAST;
            }
            int type = u16(buf, at);
            int valueLength = u16(buf, at + 2);
            int padded = (valueLength + 3) & ~3;
            if (padded > end - at - ATTRIBUTE_HEADER_LENGTH) {
                return StunMalformation.ATTRIBUTE_OVERRUNS_MESSAGE;
            }
            boolean counts = region == REGION_ORDINARY
                    || type == FINGERPRINT
                    || (region == REGION_AFTER_MI && type == MESSAGE_INTEGRITY_SHA256);
            if (counts) {
                StunMalformation m = record(type, at, valueLength);
                if (m != null) {
                    return m;
                }
                if (type == MESSAGE_INTEGRITY) {
                    region = REGION_AFTER_MI;
                } else if (type == MESSAGE_INTEGRITY_SHA256) {
                    region = REGION_AFTER_MI_SHA256;
                }
            }
            at += ATTRIBUTE_HEADER_LENGTH + padded;
        }
        return null;
    }

    /** Checks a counted attribute's length against its definition and remembers the first of each type. */
    private StunMalformation record(int type, int at, int valueLength) {
        int v = at + ATTRIBUTE_HEADER_LENGTH;
        switch (type) {
            case USERNAME -> {
                if (valueLength > USERNAME_MAX) {
                    return StunMalformation.BAD_ATTRIBUTE_LENGTH;
                }
                usernameAt = first(usernameAt, at);
            }
            case MESSAGE_INTEGRITY -> {
                if (valueLength != HmacSha1.LENGTH) {
                    return StunMalformation.BAD_ATTRIBUTE_LENGTH;
                }
                integrityAt = at;
            }
            case MESSAGE_INTEGRITY_SHA256 -> {
                // Section 14.6: at least 16 bytes, at most 32, a multiple of 4.
                if (valueLength < 16 || valueLength > 32 || (valueLength & 3) != 0) {
                    return StunMalformation.BAD_ATTRIBUTE_LENGTH;
                }
                integritySha256At = at;
            }
            case FINGERPRINT -> {
                if (valueLength != 4) {
                    return StunMalformation.BAD_ATTRIBUTE_LENGTH;
                }
                fingerprintAt = at;
            }
            case XOR_MAPPED_ADDRESS -> {
                if (valueLength < 4) {
                    return StunMalformation.BAD_ATTRIBUTE_LENGTH;
                }
                int family = u8(buf, v + 1);
                if (family != StunTransportAddress.FAMILY_IPV4 && family != StunTransportAddress.FAMILY_IPV6) {
                    return StunMalformation.BAD_ADDRESS_FAMILY;
                }
                int expected = 4 + (family == StunTransportAddress.FAMILY_IPV4
                        ? StunTransportAddress.IPV4_LENGTH : StunTransportAddress.IPV6_LENGTH);
                if (valueLength != expected) {
                    return StunMalformation.BAD_ATTRIBUTE_LENGTH;
                }
                xorMappedAddressAt = first(xorMappedAddressAt, at);
            }
            case PRIORITY -> {
                if (valueLength != 4) {
                    return StunMalformation.BAD_ATTRIBUTE_LENGTH;
                }
                priorityAt = first(priorityAt, at);
            }
            case USE_CANDIDATE -> {
                if (valueLength != 0) {
                    return StunMalformation.BAD_ATTRIBUTE_LENGTH;
                }
                useCandidateAt = first(useCandidateAt, at);
            }
            case ICE_CONTROLLING, ICE_CONTROLLED -> {
                if (valueLength != 8) {
                    return StunMalformation.BAD_ATTRIBUTE_LENGTH;
                }
                if (type == ICE_CONTROLLING) {
                    controllingAt = first(controllingAt, at);
                } else {
                    controlledAt = first(controlledAt, at);
                }
            }
            case ERROR_CODE -> {
                if (valueLength < ERROR_CODE_FIXED || valueLength - ERROR_CODE_FIXED > TEXT_MAX) {
                    return StunMalformation.BAD_ATTRIBUTE_LENGTH;
                }
                int errorClass = u8(buf, v + 2) & 0x07;
                int number = u8(buf, v + 3);
                if (errorClass < 3 || errorClass > 6 || number > 99) {
                    return StunMalformation.BAD_ERROR_CODE;
                }
                errorCodeAt = first(errorCodeAt, at);
            }
            case UNKNOWN_ATTRIBUTES -> {
                if ((valueLength & 1) != 0) {
                    return StunMalformation.BAD_ATTRIBUTE_LENGTH;
                }
                unknownAttributesAt = first(unknownAttributesAt, at);
            }
            case SOFTWARE -> {
                if (valueLength > TEXT_MAX) {
                    return StunMalformation.BAD_ATTRIBUTE_LENGTH;
                }
                softwareAt = first(softwareAt, at);
            }
            default -> {
                if (StunAttributeType.isUnknownComprehensionRequired(type) && unknownCount < MAX_UNKNOWN_REPORTED
                        && !alreadyUnknown(type)) {
                    unknown[unknownCount++] = type;
                }
            }
        }
        return null;
    }

    private static int first(int seen, int at) {
        return seen >= 0 ? seen : at;
    }

    private boolean alreadyUnknown(int type) {
        for (int i = 0; i < unknownCount; i++) {
            if (unknown[i] == type) {
                return true;
            }
        }
        return false;
    }

    // ---- header ----

    /** Null when the last {@link #wrap} accepted its input, else why not. */
    public StunMalformation malformation() {
        return malformation;
    }

    public byte[] buffer() {
        return buf;
    }

    public int offset() {
        return off;
    }

    public int length() {
        return len;
    }

    /** The 14-bit message type, class and method bits interleaved. */
    public int messageType() {
        return u16(buf, off) & 0x3FFF;
    }

    public StunMessageClass messageClass() {
        int t = messageType();
        return StunMessageClass.ofBits(((t >>> 7) & 0b10) | ((t >>> 4) & 0b01));
    }

    /** The 12-bit method: M0-M3 from bits 0-3, M4-M6 from bits 5-7, M7-M11 from bits 9-13. */
    public int method() {
        int t = messageType();
        return (t & 0x000F) | ((t >>> 1) & 0x0070) | ((t >>> 2) & 0x0F80);
    }

    public boolean isBinding() {
        return method() == METHOD_BINDING;
    }

    /** Whether the 96-bit transaction id equals {@code id[idOff..idOff+12)}; allocates nothing. */
    public boolean transactionIdEquals(byte[] id, int idOff) {
        int t = off + TRANSACTION_ID_OFFSET;
        for (int i = 0; i < TRANSACTION_ID_LENGTH; i++) {
            if (buf[t + i] != id[idOff + i]) {
                return false;
            }
        }
        return true;
    }

    /** Copies the transaction id into {@code dst[dstOff..dstOff+12)}. */
    public void copyTransactionId(byte[] dst, int dstOff) {
        System.arraycopy(buf, off + TRANSACTION_ID_OFFSET, dst, dstOff, TRANSACTION_ID_LENGTH);
    }

    // ---- attribute walk ----

    /** The first attribute's position, or -1 when there is none. */
    public int firstAttribute() {
        return malformation == null && len > HEADER_LENGTH ? off + HEADER_LENGTH : -1;
    }

    /** The position after {@code at}, or -1 at the end. Walks every attribute on the wire, ignored or not. */
    public int nextAttribute(int at) {
        int next = at + ATTRIBUTE_HEADER_LENGTH + ((attributeLength(at) + 3) & ~3);
        return next < off + len ? next : -1;
    }

    public int attributeType(int at) {
        return u16(buf, at);
    }

    /** The value's length without padding. */
    public int attributeLength(int at) {
        return u16(buf, at + 2);
    }

    public int attributeValueOffset(int at) {
        return at + ATTRIBUTE_HEADER_LENGTH;
    }

    /**
     * The first counted attribute of this type (see the class comment for what counts), or -1. Every type
     * is searched for on the wire; the common ones were remembered by {@link #wrap}.
     */
    public int find(int type) {
        switch (type) {
            case USERNAME -> { return usernameAt; }
            case MESSAGE_INTEGRITY -> { return integrityAt; }
            case MESSAGE_INTEGRITY_SHA256 -> { return integritySha256At; }
            case FINGERPRINT -> { return fingerprintAt; }
            case XOR_MAPPED_ADDRESS -> { return xorMappedAddressAt; }
            case PRIORITY -> { return priorityAt; }
            case USE_CANDIDATE -> { return useCandidateAt; }
            case ICE_CONTROLLING -> { return controllingAt; }
            case ICE_CONTROLLED -> { return controlledAt; }
            case ERROR_CODE -> { return errorCodeAt; }
            case UNKNOWN_ATTRIBUTES -> { return unknownAttributesAt; }
            case SOFTWARE -> { return softwareAt; }
            default -> { return scan(type); }
        }
    }

    private int scan(int type) {
        int stop = integrityAt >= 0 ? integrityAt : integritySha256At >= 0 ? integritySha256At : off + len;
        for (int at = firstAttribute(); at >= 0 && at < stop; at = nextAttribute(at)) {
            if (attributeType(at) == type) {
                return at;
            }
        }
        return -1;
    }

    /** How many unknown comprehension-required types were seen (at most {@link #MAX_UNKNOWN_REPORTED}). */
    public int unknownComprehensionRequiredCount() {
        return unknownCount;
    }

    /** The i-th unknown comprehension-required type, in wire order, for a 420's UNKNOWN-ATTRIBUTES. */
    public int unknownComprehensionRequired(int i) {
        return unknown[Objects.checkIndex(i, unknownCount)];
    }

    /** Copies the unknown types into {@code dst} (for the writer) and returns how many. */
    public int copyUnknownComprehensionRequired(int[] dst) {
        int n = Math.min(unknownCount, dst.length);
        System.arraycopy(unknown, 0, dst, 0, n);
        return n;
    }

    // ---- typed attributes ----

    /** Whether USERNAME equals {@code expected[eOff..eOff+eLen)} byte for byte. */
    public boolean usernameEquals(byte[] expected, int eOff, int eLen) {
        return usernameAt >= 0 && attributeLength(usernameAt) == eLen
                && regionEquals(usernameAt + ATTRIBUTE_HEADER_LENGTH, expected, eOff, eLen);
    }

    /**
     * Whether USERNAME is {@code fragment ":" ...}: in an ICE check the part before the colon is the
     * receiver's own username fragment (RFC 8445 section 7.2.2), which is all a receiver can check
     * before it knows the sender.
     */
    public boolean usernameBeforeColonEquals(byte[] fragment, int fOff, int fLen) {
        if (usernameAt < 0 || attributeLength(usernameAt) <= fLen) {
            return false;
        }
        int v = usernameAt + ATTRIBUTE_HEADER_LENGTH;
        return buf[v + fLen] == ':' && regionEquals(v, fragment, fOff, fLen);
    }

    private boolean regionEquals(int at, byte[] other, int oOff, int n) {
        for (int i = 0; i < n; i++) {
            if (buf[at + i] != other[oOff + i]) {
                return false;
            }
        }
        return true;
    }

    /** PRIORITY (RFC 8445 section 16.1) as an unsigned 32-bit value, or -1 when absent. */
    public long priority() {
        return priorityAt < 0 ? -1 : u32(buf, priorityAt + ATTRIBUTE_HEADER_LENGTH);
    }

    public boolean hasUseCandidate() {
        return useCandidateAt >= 0;
    }

    public boolean hasIceControlling() {
        return controllingAt >= 0;
    }

    /** ICE-CONTROLLING's 64-bit tie-breaker (RFC 8445 section 16.1); 0 when absent. */
    public long iceControllingTieBreaker() {
        return controllingAt < 0 ? 0 : i64(buf, controllingAt + ATTRIBUTE_HEADER_LENGTH);
    }

    public boolean hasIceControlled() {
        return controlledAt >= 0;
    }

    /** ICE-CONTROLLED's 64-bit tie-breaker; 0 when absent. */
    public long iceControlledTieBreaker() {
        return controlledAt < 0 ? 0 : i64(buf, controlledAt + ATTRIBUTE_HEADER_LENGTH);
    }

    /**
     * Decodes XOR-MAPPED-ADDRESS (RFC 8489 section 14.2) into {@code out}: the port XOR the cookie's top
     * 16 bits, the address XOR the cookie (IPv4) or the cookie and transaction id (IPv6). Returns false,
     * and clears {@code out}, when absent.
     */
    public boolean xorMappedAddress(StunTransportAddress out) {
        return xorAddress(XOR_MAPPED_ADDRESS, out);
    }

    /**
     * Decodes the first counted address attribute of {@code type} that is encoded as XOR-MAPPED-ADDRESS
     * (RFC 8489 section 14.2): XOR-MAPPED-ADDRESS itself, or TURN's XOR-RELAYED-ADDRESS and
     * XOR-PEER-ADDRESS (RFC 8656 sections 18.3, 18.5). Returns false, and clears {@code out}, when it is
     * absent or its family or length is wrong (only XOR-MAPPED-ADDRESS was checked by {@link #wrap}).
     */
    public boolean xorAddress(int type, StunTransportAddress out) {
        int at = find(type);
        if (at < 0 || attributeLength(at) < 4) {
            out.clear();
            return false;
        }
        int v = at + ATTRIBUTE_HEADER_LENGTH;
        int family = u8(buf, v + 1);
        int n = family == StunTransportAddress.FAMILY_IPV4 ? StunTransportAddress.IPV4_LENGTH
                : family == StunTransportAddress.FAMILY_IPV6 ? StunTransportAddress.IPV6_LENGTH : -1;
        if (n < 0 || attributeLength(at) != 4 + n) {
            out.clear();
            return false;
        }
        int port = u16(buf, v + 2) ^ (MAGIC_COOKIE >>> 16);
        byte[] a = out.address();
        for (int i = 0; i < n; i++) {
            // The cookie and transaction id are the 16 header bytes from offset 4: one XOR key for both.
            a[i] = (byte) (buf[v + 4 + i] ^ buf[off + COOKIE_OFFSET + i]);
        }
        out.setFamily(family, port);
        return true;
    }

    /**
     * A 32-bit attribute's value as an unsigned number, such as TURN's LIFETIME in seconds (RFC 8656
     * section 18.4); -1 when absent or not 4 bytes long.
     */
    public long u32Attribute(int type) {
        int at = find(type);
        return at < 0 || attributeLength(at) != 4 ? -1 : u32(buf, at + ATTRIBUTE_HEADER_LENGTH);
    }

    /** ERROR-CODE (RFC 8489 section 14.8) as class * 100 + number, or -1 when absent. */
    public int errorCode() {
        if (errorCodeAt < 0) {
            return -1;
        }
        int v = errorCodeAt + ATTRIBUTE_HEADER_LENGTH;
        return (u8(buf, v + 2) & 0x07) * 100 + u8(buf, v + 3);
    }

    /** Where ERROR-CODE's UTF-8 reason phrase starts, or -1 when absent. */
    public int errorReasonOffset() {
        return errorCodeAt < 0 ? -1 : errorCodeAt + ATTRIBUTE_HEADER_LENGTH + ERROR_CODE_FIXED;
    }

    public int errorReasonLength() {
        return errorCodeAt < 0 ? 0 : attributeLength(errorCodeAt) - ERROR_CODE_FIXED;
    }

    /** How many types UNKNOWN-ATTRIBUTES lists (RFC 8489 section 14.9); 0 when absent. */
    public int unknownAttributesCount() {
        return unknownAttributesAt < 0 ? 0 : attributeLength(unknownAttributesAt) / 2;
    }

    public int unknownAttributesEntry(int i) {
        Objects.checkIndex(i, unknownAttributesCount());
        return u16(buf, unknownAttributesAt + ATTRIBUTE_HEADER_LENGTH + 2 * i);
    }

    /** Where SOFTWARE's UTF-8 text starts, or -1 when absent; its length is {@link #attributeLength}. */
    public int softwareOffset() {
        return softwareAt < 0 ? -1 : softwareAt + ATTRIBUTE_HEADER_LENGTH;
    }

    // ---- fingerprint ----

    /**
     * Checks FINGERPRINT (RFC 8489 section 14.7). Null when it matches; else MISSING_FINGERPRINT,
     * FINGERPRINT_MISMATCH, or the refusal of the last wrap. FINGERPRINT is last (wrap made sure), so
     * the header's length already covers it, as the CRC requires.
     */
    public StunMalformation checkFingerprint() {
        if (malformation != null) {
            return malformation;
        }
        if (fingerprintAt < 0) {
            return StunMalformation.MISSING_FINGERPRINT;
        }
        int expected = crc.compute(buf, off, fingerprintAt - off);
        return (int) u32(buf, fingerprintAt + ATTRIBUTE_HEADER_LENGTH) == expected
                ? null : StunMalformation.FINGERPRINT_MISMATCH;
    }
}

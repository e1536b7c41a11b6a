package org.canal.protocol.stun;

import static org.canal.protocol.BigEndian.put16;
import static org.canal.protocol.BigEndian.put32;
import static org.canal.protocol.BigEndian.put64;
import static org.canal.protocol.BigEndian.put8;
import static org.canal.protocol.stun.StunMessage.ATTRIBUTE_HEADER_LENGTH;
import static org.canal.protocol.stun.StunMessage.COOKIE_OFFSET;
import static org.canal.protocol.stun.StunMessage.HEADER_LENGTH;
import static org.canal.protocol.stun.StunMessage.LENGTH_OFFSET;
import static org.canal.protocol.stun.StunMessage.MAGIC_COOKIE;
import static org.canal.protocol.stun.StunMessage.TRANSACTION_ID_LENGTH;
import static org.canal.protocol.stun.StunMessage.TRANSACTION_ID_OFFSET;

import java.util.Objects;
import org.canal.protocol.crypto.HmacSha1;

/**
 * Writes a STUN message (RFC 8489 sections 5 and 14) into a caller's buffer: the header, then
 * attributes in the order the calls come, then MESSAGE-INTEGRITY and FINGERPRINT, which close it.
 *
 * <pre>
 * int n = writer.start(buf, 0, buf.length, StunMessageClass.SUCCESS_RESPONSE, METHOD_BINDING, txId, 0)
 *         .xorMappedAddress(address).messageIntegrity(key).fingerprint().finish();
 * </pre>
 *
 * <p>The header's length field is kept current after every attribute, which is what MESSAGE-INTEGRITY
 * and FINGERPRINT are computed over. Padding is zero, as section 14 requires of senders; {@link
 * #paddingByte} can change that only to reproduce foreign messages such as the RFC 5769 vectors.
 *
 * <p>Nothing throws for a full buffer or a call out of order (an attribute after MESSAGE-INTEGRITY
 * other than FINGERPRINT, a value too long, an error code outside 300..699): the writer stops writing
 * and {@link #finish()} returns -1. Bytes beyond {@code off + capacity} are never touched. Reusable;
 * allocates nothing; one thread at a time.
 */
public final class StunMessageWriter {
    private static final int STATE_OPEN = 0;
    private static final int STATE_SIGNED = 1;
    private static final int STATE_CLOSED = 2;
    private static final int MAX_VALUE_LENGTH = 0xFFFF;

    private final StunFingerprint crc = new StunFingerprint();
    private byte[] buf;
    private int off;
    private int limit;
    private int pos;
    private int state;
    private boolean failed = true;
    private byte padding;

    /** Starts a message at {@code buf[off]}, using at most {@code capacity} bytes; padding back to zero. */
    public StunMessageWriter start(byte[] buf, int off, int capacity, StunMessageClass messageClass, int method,
            byte[] transactionId, int idOff) {
        Objects.checkFromIndexSize(off, capacity, buf.length);
        this.buf = buf;
        this.off = off;
        this.limit = off + capacity;
        this.pos = off;
        this.state = STATE_OPEN;
        this.padding = 0;
        this.failed = method < 0 || method > 0xFFF || capacity < HEADER_LENGTH;
        if (failed) {
            return this;
        }
        int c = messageClass.bits();
        int type = (method & 0x000F) | ((method & 0x0070) << 1) | ((method & 0x0F80) << 2)
                | ((c & 0b01) << 4) | ((c & 0b10) << 7);
        put16(buf, off, type);
        put16(buf, off + LENGTH_OFFSET, 0);
        put32(buf, off + COOKIE_OFFSET, MAGIC_COOKIE);
        System.arraycopy(transactionId, idOff, buf, off + TRANSACTION_ID_OFFSET, TRANSACTION_ID_LENGTH);
        pos = off + HEADER_LENGTH;
        return this;
    }

    /** The byte padding is filled with from now on; RFC 8489 wants 0, RFC 5769's vectors use 0x20. */
    public StunMessageWriter paddingByte(int value) {
        this.padding = (byte) value;
        return this;
    }

    /** Any attribute with an opaque value: USERNAME, SOFTWARE, REALM, NONCE, GOOG-NETWORK-INFO, ... */
    public StunMessageWriter attribute(int type, byte[] value, int vOff, int vLen) {
        int v = open(type, vLen);
        if (v >= 0) {
            System.arraycopy(value, vOff, buf, v, vLen);
            close(v, vLen);
        }
        return this;
    }

    public StunMessageWriter username(byte[] value, int vOff, int vLen) {
        return attribute(StunAttributeType.USERNAME, value, vOff, vLen);
    }

    public StunMessageWriter software(byte[] value, int vOff, int vLen) {
        return attribute(StunAttributeType.SOFTWARE, value, vOff, vLen);
    }

    /** PRIORITY (RFC 8445 section 16.1), an unsigned 32-bit value. */
    public StunMessageWriter priority(long priority) {
        int v = open(StunAttributeType.PRIORITY, 4);
        if (v >= 0) {
            put32(buf, v, priority);
            close(v, 4);
        }
        return this;
    }

    /** USE-CANDIDATE (RFC 8445 section 16.1): no value. */
    public StunMessageWriter useCandidate() {
        int v = open(StunAttributeType.USE_CANDIDATE, 0);
        if (v >= 0) {
            close(v, 0);
        }
        return this;
    }

    public StunMessageWriter iceControlling(long tieBreaker) {
        return tieBreaker(StunAttributeType.ICE_CONTROLLING, tieBreaker);
    }

    public StunMessageWriter iceControlled(long tieBreaker) {
        return tieBreaker(StunAttributeType.ICE_CONTROLLED, tieBreaker);
    }

    private StunMessageWriter tieBreaker(int type, long tieBreaker) {
        int v = open(type, 8);
        if (v >= 0) {
            put64(buf, v, tieBreaker);
            close(v, 8);
        }
        return this;
    }

    /** XOR-MAPPED-ADDRESS (RFC 8489 section 14.2); a cleared address fails the message. */
    public StunMessageWriter xorMappedAddress(StunTransportAddress address) {
        return xorAddress(StunAttributeType.XOR_MAPPED_ADDRESS, address);
    }

    /**
     * An address attribute encoded as XOR-MAPPED-ADDRESS: that one, or TURN's XOR-PEER-ADDRESS and
     * XOR-RELAYED-ADDRESS (RFC 8656 sections 18.3, 18.5); a cleared address fails the message.
     */
    public StunMessageWriter xorAddress(int type, StunTransportAddress address) {
        int n = address.addressLength();
        if (n == 0) {
            failed = true;
            return this;
        }
        int v = open(type, 4 + n);
        if (v >= 0) {
            put8(buf, v, 0);
            put8(buf, v + 1, address.family());
            put16(buf, v + 2, address.port() ^ (MAGIC_COOKIE >>> 16));
            byte[] a = address.address();
            for (int i = 0; i < n; i++) {
                // Cookie then transaction id: the header bytes from offset 4 are the XOR key.
                buf[v + 4 + i] = (byte) (a[i] ^ buf[off + COOKIE_OFFSET + i]);
            }
            close(v, 4 + n);
        }
        return this;
    }

    /**
     * TURN's REQUESTED-TRANSPORT (RFC 8656 section 18.7): the IANA protocol number (17 for UDP) and
     * three reserved zero bytes.
     */
    public StunMessageWriter requestedTransport(int protocol) {
        int v = open(StunAttributeType.REQUESTED_TRANSPORT, 4);
        if (v >= 0) {
            put32(buf, v, (long) (protocol & 0xFF) << 24);
            close(v, 4);
        }
        return this;
    }

    /** TURN's LIFETIME (RFC 8656 section 18.4): seconds, unsigned 32 bits; 0 deletes an allocation. */
    public StunMessageWriter lifetime(long seconds) {
        int v = open(StunAttributeType.LIFETIME, 4);
        if (v >= 0) {
            put32(buf, v, seconds);
            close(v, 4);
        }
        return this;
    }

    /** ERROR-CODE (RFC 8489 section 14.8): a code 300..699 and a UTF-8 reason phrase. */
    public StunMessageWriter errorCode(int code, byte[] reason, int rOff, int rLen) {
        if (code < 300 || code > 699) {
            failed = true;
            return this;
        }
        int v = open(StunAttributeType.ERROR_CODE, 4 + rLen);
        if (v >= 0) {
            put16(buf, v, 0);
            put8(buf, v + 2, code / 100);
            put8(buf, v + 3, code % 100);
            System.arraycopy(reason, rOff, buf, v + 4, rLen);
            close(v, 4 + rLen);
        }
        return this;
    }

    /** UNKNOWN-ATTRIBUTES (RFC 8489 section 14.9): {@code types[0..count)}, 16 bits each. */
    public StunMessageWriter unknownAttributes(int[] types, int count) {
        int v = open(StunAttributeType.UNKNOWN_ATTRIBUTES, 2 * count);
        if (v >= 0) {
            for (int i = 0; i < count; i++) {
                put16(buf, v + 2 * i, types[i]);
            }
            close(v, 2 * count);
        }
        return this;
    }

    /** MESSAGE-INTEGRITY under {@code key}; after it only FINGERPRINT may follow. */
    public StunMessageWriter messageIntegrity(StunIntegrityChecker key) {
        int v = open(StunAttributeType.MESSAGE_INTEGRITY, HmacSha1.LENGTH);
        if (v >= 0) {
            close(v, HmacSha1.LENGTH); // the length field must already count MESSAGE-INTEGRITY
            key.sign(buf, off, v - ATTRIBUTE_HEADER_LENGTH);
            state = STATE_SIGNED;
        }
        return this;
    }

    /** FINGERPRINT (RFC 8489 section 14.7), the last attribute. */
    public StunMessageWriter fingerprint() {
        if (state == STATE_CLOSED) {
            failed = true;
            return this;
        }
        state = STATE_OPEN; // FINGERPRINT may follow MESSAGE-INTEGRITY
        int v = open(StunAttributeType.FINGERPRINT, 4);
        if (v >= 0) {
            close(v, 4);
            put32(buf, v, crc.compute(buf, off, v - ATTRIBUTE_HEADER_LENGTH - off));
            state = STATE_CLOSED;
        }
        return this;
    }

    /** The message's length in bytes, or -1 when it could not be written (see the class comment). */
    public int finish() {
        return failed ? -1 : pos - off;
    }

    /** Writes an attribute header if the value fits and order allows; returns the value's offset or -1. */
    private int open(int type, int valueLength) {
        if (failed || state != STATE_OPEN || valueLength < 0 || valueLength > MAX_VALUE_LENGTH
                || pos + ATTRIBUTE_HEADER_LENGTH + ((valueLength + 3) & ~3) > limit
                || pos + ATTRIBUTE_HEADER_LENGTH + ((valueLength + 3) & ~3) - off - HEADER_LENGTH > MAX_VALUE_LENGTH) {
            failed = true;
            return -1;
        }
        put16(buf, pos, type);
        put16(buf, pos + 2, valueLength);
        return pos + ATTRIBUTE_HEADER_LENGTH;
    }

    /** Pads the value and moves the header's length field past it. */
    private void close(int v, int valueLength) {
        int end = v + ((valueLength + 3) & ~3);
        for (int i = v + valueLength; i < end; i++) {
            buf[i] = padding;
        }
        pos = end;
        put16(buf, off + LENGTH_OFFSET, pos - off - HEADER_LENGTH);
    }
}

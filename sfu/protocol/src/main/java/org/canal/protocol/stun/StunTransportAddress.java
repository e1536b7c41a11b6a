package org.canal.protocol.stun;

import java.util.HexFormat;

/**
 * An IP address and port, decoded from or encoded into an address attribute (RFC 8489 section 14.1,
 * 14.2), held in a caller-owned reusable object: a 16-byte array (IPv4 uses the first 4) and a port.
 *
 * <p>Mutable; one thread at a time.
 */
public final class StunTransportAddress {
    /** The family byte on the wire (RFC 8489 section 14.1). */
    public static final int FAMILY_IPV4 = 0x01;
    public static final int FAMILY_IPV6 = 0x02;
    public static final int IPV4_LENGTH = 4;
    public static final int IPV6_LENGTH = 16;

    private final byte[] address = new byte[IPV6_LENGTH];
    private int family;
    private int port;

    /** {@link #FAMILY_IPV4}, {@link #FAMILY_IPV6}, or 0 when nothing has been set. */
    public int family() {
        return family;
    }

    public int port() {
        return port;
    }

    /** 4 or 16, or 0 when nothing has been set. */
    public int addressLength() {
        return family == FAMILY_IPV4 ? IPV4_LENGTH : family == FAMILY_IPV6 ? IPV6_LENGTH : 0;
    }

    /** The backing array itself, not a copy: the address is in its first {@link #addressLength()} bytes. */
    public byte[] address() {
        return address;
    }

    /** Sets the address from {@code length} (4 or 16) bytes at {@code src[off]}; false for another length. */
    public boolean set(byte[] src, int off, int length, int port) {
        if (length != IPV4_LENGTH && length != IPV6_LENGTH) {
            return false;
        }
        System.arraycopy(src, off, address, 0, length);
        this.family = length == IPV4_LENGTH ? FAMILY_IPV4 : FAMILY_IPV6;
        this.port = port & 0xFFFF;
        return true;
    }

    void setFamily(int family, int port) {
        this.family = family;
        this.port = port;
    }

    void clear() {
        family = 0;
        port = 0;
    }

    /** For tests and logs: hex address and port (allocates). */
    @Override
    public String toString() {
        return HexFormat.of().formatHex(address, 0, addressLength()) + "/" + port;
    }
}

package org.canal.protocol.stun;

import java.util.zip.CRC32;

/**
 * The FINGERPRINT value (RFC 8489 section 14.7): the CRC-32 of the message up to the attribute,
 * XOR 0x5354554E, so that a STUN message is told apart from other protocols sharing the port whose
 * packets happen to carry a CRC-32 too.
 *
 * <p>Reusable; one thread at a time (it holds a {@link CRC32}, whose update allocates nothing).
 */
public final class StunFingerprint {
    /** "STUN" in ASCII. */
    public static final int XOR_VALUE = 0x5354554E;

    private final CRC32 crc = new CRC32();

    /** The FINGERPRINT value for {@code buf[off..off+len)}, the message up to the attribute's header. */
    public int compute(byte[] buf, int off, int len) {
        crc.reset();
        crc.update(buf, off, len);
        return (int) crc.getValue() ^ XOR_VALUE;
    }
}

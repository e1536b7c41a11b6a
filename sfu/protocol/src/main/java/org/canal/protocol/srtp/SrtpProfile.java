package org.canal.protocol.srtp;

import java.util.Optional;

/**
 * The SRTP protection profiles Canal speaks, with the lengths each one fixes and the id DTLS-SRTP
 * negotiates it by (RFC 5764 section 4.1.2, RFC 7714 section 14.2).
 *
 * <pre>
 * profile                   id      master key  master salt  SRTP tag  SRTCP tag  auth key
 * AES_CM_128_HMAC_SHA1_80   0x0001  16          14           10        10         20
 * AES_CM_128_HMAC_SHA1_32   0x0002  16          14            4        10         20
 * AEAD_AES_128_GCM          0x0007  16          12           16        16          -
 * AEAD_AES_256_GCM          0x0008  32          12           16        16          -
 * </pre>
 *
 * <p>The _32 profile keeps the 80-bit tag on SRTCP: RFC 5764 section 4.1.2 says its SRTCP
 * auth tag length is 80 bits. Session keys and salts have the master lengths (RFC 3711 section
 * 4.3, RFC 7714 section 11); the HMAC-SHA1 session auth key is 160 bits (RFC 3711 section 8.2).
 */
public enum SrtpProfile {
    AES_CM_128_HMAC_SHA1_80(0x0001, 16, 14, 10, 10, false),
    AES_CM_128_HMAC_SHA1_32(0x0002, 16, 14, 4, 10, false),
    AEAD_AES_128_GCM(0x0007, 16, 12, 16, 16, true),
    AEAD_AES_256_GCM(0x0008, 32, 12, 16, 16, true);

    /** Length of the HMAC-SHA1 session authentication key, RFC 3711 section 8.2. */
    static final int HMAC_SHA1_KEY_LENGTH = 20;

    private final int protectionProfileId;
    private final int keyLength;
    private final int saltLength;
    private final int srtpTagLength;
    private final int srtcpTagLength;
    private final boolean aead;

    SrtpProfile(int protectionProfileId, int keyLength, int saltLength, int srtpTagLength,
            int srtcpTagLength, boolean aead) {
        this.protectionProfileId = protectionProfileId;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
        this.srtpTagLength = srtpTagLength;
        this.srtcpTagLength = srtcpTagLength;
        this.aead = aead;
    }

    /** The profile a DTLS-SRTP use_srtp extension names by this id, if Canal speaks it. */
    public static Optional<SrtpProfile> ofProtectionProfileId(int id) {
        for (SrtpProfile p : values()) {
            if (p.protectionProfileId == id) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** The two-byte SRTPProtectionProfile value of RFC 5764 section 4.1.2. */
    public int protectionProfileId() {
        return protectionProfileId;
    }

    /** Master key length in bytes; session encryption keys have the same length. */
    public int keyLength() {
        return keyLength;
    }

    /** Master salt length in bytes (14 for AES-CM, 12 for GCM); session salts have the same length. */
    public int saltLength() {
        return saltLength;
    }

    /** Bytes the authentication tag adds to an SRTP packet. */
    public int srtpTagLength() {
        return srtpTagLength;
    }

    /** Bytes the authentication tag adds to an SRTCP packet (besides the 4-byte E flag and index). */
    public int srtcpTagLength() {
        return srtcpTagLength;
    }

    /** Bytes protecting an RTCP packet adds: the tag plus the E flag and 31-bit SRTCP index word. */
    public int srtcpOverhead() {
        return srtcpTagLength + SrtpContext.SRTCP_INDEX_LENGTH;
    }

    /** Session authentication key length: 20 for HMAC-SHA1, 0 for AEAD (the tag comes from GCM). */
    public int authKeyLength() {
        return aead ? 0 : HMAC_SHA1_KEY_LENGTH;
    }

    /** True for the AES-GCM profiles of RFC 7714. */
    public boolean isAead() {
        return aead;
    }

    /**
     * Bytes to ask the DTLS exporter for ("EXTRACTOR-dtls_srtp", RFC 5764 section 4.2):
     * client key, server key, client salt, server salt.
     */
    public int keyingMaterialLength() {
        return 2 * (keyLength + saltLength);
    }
}

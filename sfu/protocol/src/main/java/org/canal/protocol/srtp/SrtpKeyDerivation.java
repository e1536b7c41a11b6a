package org.canal.protocol.srtp;

/**
 * The SRTP key derivation of RFC 3711 section 4.3, with a key derivation rate of 0 as DTLS-SRTP
 * and WebRTC use it (so r = index DIV kdr is 0 and keys are derived once per master key).
 *
 * <pre>
 * key_id = label || r                     (r = 0, 48 bits)
 * x      = key_id XOR master_salt         (right-aligned against the 112-bit salt)
 * out    = AES-CM(master_key, IV = x * 2^16), first n bytes      (RFC 3711 section 4.3.3)
 * </pre>
 *
 * The PRF is AES-128 counter mode, or AES-256 counter mode for 256-bit master keys (RFC 6188
 * section 7). The GCM profiles use the same PRF (RFC 7714 section 11) with their 96-bit master
 * salt in the first 12 of those 14 bytes; the label still lands in byte 7, as libsrtp and the
 * browsers place it, and the derived salts are 12 bytes.
 */
final class SrtpKeyDerivation {
    static final int SRTP_ENCRYPTION = 0x00;
    static final int SRTP_AUTHENTICATION = 0x01;
    static final int SRTP_SALT = 0x02;
    static final int SRTCP_ENCRYPTION = 0x03;
    static final int SRTCP_AUTHENTICATION = 0x04;
    static final int SRTCP_SALT = 0x05;

    /** Where the label byte sits in the 16-byte PRF input: 7 bytes (label || r) from the 14-byte salt's end. */
    private static final int LABEL_AT = 7;

    private SrtpKeyDerivation() {}

    /** The session keys of one direction, for SRTP ({@code rtcp} false) or SRTCP. */
    static SrtpSessionKeys derive(SrtpProfile profile, byte[] masterKey, byte[] masterSalt, boolean rtcp) {
        if (masterKey.length != profile.keyLength() || masterSalt.length != profile.saltLength()) {
            throw new IllegalArgumentException(profile + " takes a " + profile.keyLength() + "-byte master key and a "
                    + profile.saltLength() + "-byte master salt, not " + masterKey.length + " and " + masterSalt.length);
        }
        AesCounterMode prf = new AesCounterMode(masterKey);
        int base = rtcp ? SRTCP_ENCRYPTION : SRTP_ENCRYPTION;
        byte[] key = derive(prf, masterSalt, base, profile.keyLength());
        byte[] auth = derive(prf, masterSalt, base + SRTP_AUTHENTICATION, profile.authKeyLength());
        byte[] salt = derive(prf, masterSalt, base + SRTP_SALT, profile.saltLength());
        return new SrtpSessionKeys(key, auth, salt);
    }

    /** The first {@code length} bytes the PRF gives for {@code label}. */
    static byte[] derive(AesCounterMode prf, byte[] masterSalt, int label, int length) {
        byte[] iv = new byte[AesCounterMode.BLOCK];
        System.arraycopy(masterSalt, 0, iv, 0, masterSalt.length);
        iv[LABEL_AT] ^= (byte) label;
        byte[] out = new byte[length];
        if (!prf.xor(iv, out, 0, length)) {
            throw new IllegalStateException("JCE refused the AES-CM PRF");
        }
        return out;
    }
}

package org.canal.protocol.srtp;

import java.util.Arrays;

/**
 * The keying material a DTLS-SRTP handshake exports (RFC 5764 section 4.2), split into the DTLS
 * client's and server's write keys and salts:
 *
 * <pre>
 * client_write_SRTP_master_key | server_write_SRTP_master_key |
 * client_write_SRTP_master_salt | server_write_SRTP_master_salt
 * </pre>
 *
 * Export {@link SrtpProfile#keyingMaterialLength()} bytes with the label "EXTRACTOR-dtls_srtp" and no
 * context, then make the two contexts of the association: each side protects with its own write
 * key and unprotects with the peer's. In WebRTC the browser is the DTLS client and Canal (passive)
 * the server. Immutable; the array given is copied.
 */
public final class SrtpKeyingMaterial {
    private final SrtpProfile profile;
    private final byte[] material;

    private SrtpKeyingMaterial(SrtpProfile profile, byte[] material) {
        this.profile = profile;
        this.material = material;
    }

    /** Splits the exported material of {@code profile}; its length must be the profile's. */
    public static SrtpKeyingMaterial of(SrtpProfile profile, byte[] exported) {
        if (exported.length != profile.keyingMaterialLength()) {
            throw new IllegalArgumentException(profile + " exports " + profile.keyingMaterialLength()
                    + " bytes of keying material, not " + exported.length);
        }
        return new SrtpKeyingMaterial(profile, exported.clone());
    }

    public SrtpProfile profile() {
        return profile;
    }

    /** The context that protects what this side sends: its own write key and salt. */
    public SrtpContext sendingContext(boolean localIsDtlsClient, int maxStreams) {
        return context(localIsDtlsClient, maxStreams);
    }

    /** The context that unprotects what the peer sends: the peer's write key and salt. */
    public SrtpContext receivingContext(boolean localIsDtlsClient, int maxStreams) {
        return context(!localIsDtlsClient, maxStreams);
    }

    public byte[] masterKey(boolean client) {
        int k = profile.keyLength();
        return Arrays.copyOfRange(material, client ? 0 : k, client ? k : 2 * k);
    }

    public byte[] masterSalt(boolean client) {
        int k = profile.keyLength();
        int s = profile.saltLength();
        int at = 2 * k + (client ? 0 : s);
        return Arrays.copyOfRange(material, at, at + s);
    }

    private SrtpContext context(boolean client, int maxStreams) {
        byte[] key = masterKey(client);
        byte[] salt = masterSalt(client);
        try {
            return SrtpContext.create(profile, key, salt, maxStreams);
        } finally {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(salt, (byte) 0);
        }
    }
}

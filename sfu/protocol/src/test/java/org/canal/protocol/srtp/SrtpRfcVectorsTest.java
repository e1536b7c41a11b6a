package org.canal.protocol.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The published test vectors of RFC 3711 appendix B, RFC 6188 section 7 and RFC 7714 sections 16-17. */
class SrtpRfcVectorsTest {

    // ---- RFC 3711 appendix B.2: AES-CM keystream ----

    /** RFC 3711 B.2: session key, and the IV = session salt * 2^16 with SSRC, index = 0. */
    private static final byte[] B2_KEY = Hex.bytes("2B7E151628AED2A6ABF7158809CF4F3C");
    private static final byte[] B2_SALT = Hex.bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD");

    @Test
    void rfc3711B2KeystreamFirstBlocks() {
        AesCounterMode aes = new AesCounterMode(B2_KEY);
        byte[] iv = Arrays.copyOf(B2_SALT, 16); // F0F1...FCFD 0000
        byte[] keystream = new byte[48];
        assertThat(aes.xor(iv, keystream, 0, keystream.length)).isTrue();
        assertThat(keystream).isEqualTo(Hex.bytes("""
                E03EAD0935C95E80E166B16DD92B4EB4
                D23513162B02D0F72A43A2FE4A5F97AB
                41E95B3BB0A2E8DD477901E4FCA894C0"""));
    }

    @Test
    void rfc3711B2KeystreamAroundBlockFF00() {
        AesCounterMode aes = new AesCounterMode(B2_KEY);
        byte[] keystream = new byte[0xFF02 * 16];
        aes.xor(Arrays.copyOf(B2_SALT, 16), keystream, 0, keystream.length);
        // Counter blocks F0F1...FCFD FEFF, FF00, FF01: the 16-bit block counter carries into no salt byte.
        assertThat(Arrays.copyOfRange(keystream, 0xFEFF * 16, 0xFF02 * 16)).isEqualTo(Hex.bytes("""
                EC8CDF7398607CB0F2D21675EA9EA1E4
                362B7C3C6773516318A077D7FC5073AE
                6A2CC3787889374FBEB4C81B17BA6C44"""));
    }

    /** The same keystream reached through a context: RTP packet with SSRC 0, SEQ 0, ROC 0 and a zero payload. */
    @Test
    void rfc3711B2KeystreamThroughSrtpProtect() {
        SrtpSessionKeys keys = new SrtpSessionKeys(B2_KEY, new byte[20], B2_SALT);
        SrtpContext context = new SrtpContext(SrtpProfile.AES_CM_128_HMAC_SHA1_80, keys, keys, 4);
        byte[] packet = new byte[12 + 48 + 10];
        System.arraycopy(Hex.bytes("""
                80 0f 0000      # V=2, PT=15, SEQ=0
                decafbad        # timestamp
                00000000        # SSRC=0"""), 0, packet, 0, 12);
        assertThat(context.protectRtp(packet, 0, 60)).isEqualTo(70);
        assertThat(Arrays.copyOfRange(packet, 12, 60)).isEqualTo(Hex.bytes("""
                E03EAD0935C95E80E166B16DD92B4EB4
                D23513162B02D0F72A43A2FE4A5F97AB
                41E95B3BB0A2E8DD477901E4FCA894C0"""));
    }

    // ---- RFC 3711 appendix B.3: key derivation ----

    @Test
    void rfc3711B3KeyDerivation() {
        byte[] masterKey = Hex.bytes("E1F97A0D3E018BE0D64FA32C06DE4139");
        byte[] masterSalt = Hex.bytes("0EC675AD498AFEEBB6960B3AABE6");
        SrtpSessionKeys keys = SrtpKeyDerivation.derive(SrtpProfile.AES_CM_128_HMAC_SHA1_80, masterKey, masterSalt, false);
        assertThat(keys.encryptionKey()).isEqualTo(Hex.bytes("C61E7A93744F39EE10734AFE3FF7A087"));
        assertThat(keys.salt()).isEqualTo(Hex.bytes("30CBBC08863D8C85D49DB34A9AE1"));
        assertThat(keys.authenticationKey()).isEqualTo(Hex.bytes("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4"));
    }

    // ---- RFC 6188 section 7: AES-256 ----

    /** RFC 6188 section 7.1: AES-256-CM keystream, IV = F0F1...FCFD 0000. */
    @Test
    void rfc6188Section71Aes256Keystream() {
        AesCounterMode aes = new AesCounterMode(Hex.bytes("""
                57f82fe3613fd170a85ec93c40b1f092
                2ec4cb0dc025b58272147cc438944a98"""));
        byte[] keystream = new byte[48];
        aes.xor(Hex.bytes("f0f1f2f3f4f5f6f7f8f9fafbfcfd0000"), keystream, 0, 48);
        assertThat(keystream).isEqualTo(Hex.bytes("""
                92bdd28a93c3f52511c677d08b5515a4
                9da71b2378a854f67050756ded165bac
                63c4868b7096d88421b563b8c94c9a31"""));
    }

    /** RFC 6188 section 7.2: the AES_256_CM_PRF key derivation, as AEAD_AES_256_GCM's KDF uses it. */
    @Test
    void rfc6188Section72Aes256KeyDerivation() {
        byte[] masterKey = Hex.bytes("""
                f0f04914b513f2763a1b1fa130f10e29
                98f6f6e43e4309d1e622a0e332b9f1b6""");
        byte[] masterSalt = Hex.bytes("3b04803de51ee7c96423ab5b78d2");
        AesCounterMode prf = new AesCounterMode(masterKey);
        assertThat(SrtpKeyDerivation.derive(prf, masterSalt, SrtpKeyDerivation.SRTP_ENCRYPTION, 32)).isEqualTo(Hex.bytes("""
                5ba1064e30ec51613cad926c5a28ef73
                1ec7fb397f70a960653caf06554cd8c4"""));
        assertThat(SrtpKeyDerivation.derive(prf, masterSalt, SrtpKeyDerivation.SRTP_SALT, 14))
                .isEqualTo(Hex.bytes("fa31791685ca444a9e07c6c64e93"));
        assertThat(SrtpKeyDerivation.derive(prf, masterSalt, SrtpKeyDerivation.SRTP_AUTHENTICATION, 20))
                .isEqualTo(Hex.bytes("fd9c32d39ed5fbb5a9dc96b30818454d1313dc05"));
    }

    // ---- RFC 7714 section 16: SRTP AEAD ----

    /** RFC 7714 section 16: key 00 01 ... 0f (or ... 1f), salt "Quid pro quo"; used as session keys. */
    static SrtpContext rfc7714Context(SrtpProfile profile) {
        byte[] key = new byte[profile.keyLength()];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) i;
        }
        SrtpSessionKeys keys = new SrtpSessionKeys(key, new byte[0], Hex.bytes("517569642070726f2071756f"));
        return new SrtpContext(profile, keys, keys, 4);
    }

    /** RFC 7714 section 16: the RTP packet both key sizes encrypt, ROC 0. */
    static final byte[] RFC7714_RTP = Hex.bytes("""
            8040f17b  # V=2, PT=64, SEQ=0xf17b
            8041f8d3  # timestamp
            5501a0b2  # SSRC
            47616c6c 69612065 7374206f 6d6e6973 20646976 69736120 696e2070 61727465 73207472 6573  # payload
            """);

    /** RFC 7714 section 16.1.1 (encrypt) and 16.1.2 (decrypt), AEAD_AES_128_GCM. */
    static final byte[] RFC7714_SRTP_128 = Hex.bytes("""
            8040f17b 8041f8d3 5501a0b2  # RTP header, in the clear (AAD)
            f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5 0d294e6f 42a5f47a 51c7d19b 36de3adf 8833  # ciphertext
            899d7f27 beb16a91 52cf765e e4390cce  # tag""");

    /** RFC 7714 section 16.2.1 (encrypt) and 16.2.2 (decrypt), AEAD_AES_256_GCM. */
    static final byte[] RFC7714_SRTP_256 = Hex.bytes("""
            8040f17b 8041f8d3 5501a0b2  # RTP header, in the clear (AAD)
            32b1de78 a822fe12 ef9f78fa 332e33aa b1801238 9a58e2f3 b50b2a02 76ffae0f 1ba63799 b87b  # ciphertext
            7aa3db36 dfffd6b0 f9bb7878 d7a76c13  # tag""");

    @Test
    void rfc7714Section1611EncryptAes128Gcm() {
        assertProtects(SrtpProfile.AEAD_AES_128_GCM, RFC7714_SRTP_128);
    }

    @Test
    void rfc7714Section1621EncryptAes256Gcm() {
        assertProtects(SrtpProfile.AEAD_AES_256_GCM, RFC7714_SRTP_256);
    }

    @Test
    void rfc7714Section1612DecryptAes128Gcm() {
        assertUnprotects(SrtpProfile.AEAD_AES_128_GCM, RFC7714_SRTP_128);
    }

    @Test
    void rfc7714Section1622DecryptAes256Gcm() {
        assertUnprotects(SrtpProfile.AEAD_AES_256_GCM, RFC7714_SRTP_256);
    }

    private static void assertProtects(SrtpProfile profile, byte[] expected) {
        byte[] buf = Arrays.copyOf(RFC7714_RTP, RFC7714_RTP.length + 16);
        assertThat(rfc7714Context(profile).protectRtp(buf, 0, RFC7714_RTP.length)).isEqualTo(expected.length);
        assertThat(buf).isEqualTo(expected);
    }

    private static void assertUnprotects(SrtpProfile profile, byte[] packet) {
        byte[] buf = packet.clone();
        assertThat(rfc7714Context(profile).unprotectRtp(buf, 0, buf.length)).isEqualTo(RFC7714_RTP.length);
        assertThat(Arrays.copyOf(buf, RFC7714_RTP.length)).isEqualTo(RFC7714_RTP);
    }

    // ---- RFC 7714 section 17: SRTCP AEAD, SRTCP index 0x000005d4 ----

    /** RFC 7714 section 17: the RTCP sender report, SSRC 0x4d617273 ("Mars"). */
    static final byte[] RFC7714_RTCP = Hex.bytes("""
            81c8000d  # V=2, RC=1, PT=200 (SR), length 13
            4d617273  # SSRC
            4e545031 4e545032 52545020 0000042a 0000e930 4c756e61  # sender info, report block
            deadbeef deadbeef deadbeef deadbeef deadbeef
            """);

    /** RFC 7714 section 17.1: encrypted | tag | E=1, index 0x5d4, AEAD_AES_128_GCM. */
    static final byte[] RFC7714_SRTCP_128 = Hex.bytes("""
            81c8000d 4d617273  # RTCP header and SSRC, in the clear (AAD)
            63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7 6c06f32d c676a5f1 730d6fda 4ce09b46 86303ded
            0bb9275b                             # end of ciphertext (44 bytes)
            c84aa458 96cf4d2f c5abf872 45d9eade  # tag
            800005d4  # E=1, SRTCP index 0x5d4""");

    /** RFC 7714 section 17.2: the same packet under AEAD_AES_256_GCM. */
    static final byte[] RFC7714_SRTCP_256 = Hex.bytes("""
            81c8000d 4d617273  # RTCP header and SSRC, in the clear (AAD)
            d50ae4d1 f5ce5d30 4ba297e4 7d470c28 2c3ece5d bffe0a50 a2eaa5c1 110555be 8415f658 c61de047
            6f1b6fad                             # end of ciphertext (44 bytes)
            1d1eb30c 4446839f 57ff6f6c b26ac3be  # tag
            800005d4  # E=1, SRTCP index 0x5d4""");

    /** RFC 7714 section 17.3: tagged only (E=0), AEAD_AES_128_GCM: the RTCP packet | tag | index 0x5d4. */
    static final byte[] RFC7714_SRTCP_TAGGED_128 = Hex.bytes("""
            81c8000d 4d617273 4e545031  # the RTCP packet, in the clear (all of it AAD)
            4e545032 52545020 0000042a 0000e930 4c756e61
            deadbeef deadbeef deadbeef deadbeef deadbeef
            841dd968 3dd78ec9 2ae58790 125f62b3  # tag
            000005d4  # E=0, SRTCP index 0x5d4""");

    /** RFC 7714 section 17.4: tagged only (E=0), AEAD_AES_256_GCM. */
    static final byte[] RFC7714_SRTCP_TAGGED_256 = Hex.bytes("""
            81c8000d 4d617273 4e545031  # the RTCP packet, in the clear (all of it AAD)
            4e545032 52545020 0000042a 0000e930 4c756e61
            deadbeef deadbeef deadbeef deadbeef deadbeef
            91db4afb feee5a97 8fab4393 ed2615fe  # tag
            000005d4  # E=0, SRTCP index 0x5d4""");

    @Test
    void rfc7714Section171EncryptSrtcpAes128Gcm() {
        assertProtectsRtcp(SrtpProfile.AEAD_AES_128_GCM, RFC7714_SRTCP_128);
    }

    @Test
    void rfc7714Section172DecryptSrtcpAes256Gcm() {
        assertUnprotectsRtcp(SrtpProfile.AEAD_AES_256_GCM, RFC7714_SRTCP_256);
    }

    /** The other direction of each 17.1 / 17.2 vector: the transform is deterministic. */
    @Test
    void rfc7714Sections171And172OtherDirections() {
        assertUnprotectsRtcp(SrtpProfile.AEAD_AES_128_GCM, RFC7714_SRTCP_128);
        assertProtectsRtcp(SrtpProfile.AEAD_AES_256_GCM, RFC7714_SRTCP_256);
    }

    @Test
    void rfc7714Section173And174VerifyTaggedOnlySrtcp() {
        assertUnprotectsRtcp(SrtpProfile.AEAD_AES_128_GCM, RFC7714_SRTCP_TAGGED_128);
        assertUnprotectsRtcp(SrtpProfile.AEAD_AES_256_GCM, RFC7714_SRTCP_TAGGED_256);
        byte[] forged = RFC7714_SRTCP_TAGGED_128.clone();
        forged[20] ^= 1; // a byte of the unencrypted report: the whole packet is associated data (9.3)
        assertThat(rfc7714Context(SrtpProfile.AEAD_AES_128_GCM).unprotectRtcp(forged, 0, forged.length))
                .isEqualTo(SrtpMalformation.AUTHENTICATION_FAILED.asResult());
    }

    private static void assertProtectsRtcp(SrtpProfile profile, byte[] expected) {
        SrtpContext context = rfc7714Context(profile);
        context.nextSrtcpIndex(0x4d617273, 0x5d4);
        byte[] buf = Arrays.copyOf(RFC7714_RTCP, RFC7714_RTCP.length + 20);
        assertThat(context.protectRtcp(buf, 0, RFC7714_RTCP.length)).isEqualTo(expected.length);
        assertThat(buf).isEqualTo(expected);
    }

    private static void assertUnprotectsRtcp(SrtpProfile profile, byte[] packet) {
        byte[] buf = packet.clone();
        assertThat(rfc7714Context(profile).unprotectRtcp(buf, 0, buf.length)).isEqualTo(RFC7714_RTCP.length);
        assertThat(Arrays.copyOf(buf, RFC7714_RTCP.length)).isEqualTo(RFC7714_RTCP);
    }
}

package org.canal.protocol.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * AES_CM_128_HMAC_SHA1_80 and _32 full packets against {@link BouncyCastleSrtpOracle}, an independent
 * implementation of RFC 3711 on BouncyCastle: key derivation, IV, keystream, tag and SRTCP trailer
 * must all agree byte for byte, across a ROC increment, with CSRCs and header extensions.
 */
class SrtpOracleTest {
    private static final byte[] MASTER_KEY = Hex.bytes("0dcd213e4cbcf28f017f6994401e2889");
    private static final byte[] MASTER_SALT = Hex.bytes("62776038c06dc9419f6dd9433e7c");

    /** RTP packets with a CSRC and a one-byte-header extension (RFC 8285) around a sequence wrap. */
    static byte[] rtp(int seq, int ssrc, int payloadLength, SplittableRandom rnd) {
        byte[] header = Hex.bytes("""
                91 6f 0000     # V=2, X=1, CC=1, PT=111, SEQ (set below)
                0001e240       # timestamp
                00000000       # SSRC (set below)
                cafebabe       # CSRC
                bede 0001      # one-byte extension profile, 1 word
                10 aa 00 00    # ID=1 L=0 value aa, padding
                """);
        byte[] packet = Arrays.copyOf(header, header.length + payloadLength);
        packet[2] = (byte) (seq >>> 8);
        packet[3] = (byte) seq;
        packet[8] = (byte) (ssrc >>> 24);
        packet[9] = (byte) (ssrc >>> 16);
        packet[10] = (byte) (ssrc >>> 8);
        packet[11] = (byte) ssrc;
        for (int i = header.length; i < packet.length; i++) {
            packet[i] = (byte) rnd.nextInt(256);
        }
        return packet;
    }

    @ParameterizedTest
    @EnumSource(value = SrtpProfile.class, names = {"AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32"})
    void srtpPacketsMatchTheOracleAcrossARolloverCounterIncrement(SrtpProfile profile) {
        BouncyCastleSrtpOracle oracle = new BouncyCastleSrtpOracle(MASTER_KEY, MASTER_SALT, profile.srtpTagLength());
        SrtpContext sender = SrtpContext.create(profile, MASTER_KEY, MASTER_SALT);
        SrtpContext receiver = SrtpContext.create(profile, MASTER_KEY, MASTER_SALT);
        SplittableRandom rnd = new SplittableRandom(7);
        int[] seqs = {65533, 65534, 65535, 0, 1, 2};
        for (int k = 0; k < seqs.length; k++) {
            int seq = seqs[k];
            long roc = seq < 100 ? 1 : 0;
            byte[] rtp = rtp(seq, 0x12345678, k == 0 ? 0 : 1 + rnd.nextInt(1200), rnd);
            byte[] expected = oracle.protectRtp(rtp, 24, roc);

            byte[] buf = Arrays.copyOf(rtp, rtp.length + 16);
            assertThat(sender.protectRtp(buf, 0, rtp.length)).isEqualTo(expected.length);
            assertThat(Arrays.copyOf(buf, expected.length)).as("seq %d", seq).isEqualTo(expected);

            byte[] in = Arrays.copyOf(expected, expected.length + 3);
            assertThat(receiver.unprotectRtp(in, 0, expected.length)).isEqualTo(rtp.length);
            assertThat(Arrays.copyOf(in, rtp.length)).isEqualTo(rtp);
        }
    }

    @ParameterizedTest
    @EnumSource(value = SrtpProfile.class, names = {"AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32"})
    void srtcpPacketsMatchTheOracleWithAnEightyBitTagForBothProfiles(SrtpProfile profile) {
        BouncyCastleSrtpOracle oracle = new BouncyCastleSrtpOracle(MASTER_KEY, MASTER_SALT, profile.srtpTagLength());
        SrtpContext sender = SrtpContext.create(profile, MASTER_KEY, MASTER_SALT);
        SrtpContext receiver = SrtpContext.create(profile, MASTER_KEY, MASTER_SALT);
        for (int index = 0; index < 3; index++) {
            byte[] rtcp = SrtpRfcVectorsTest.RFC7714_RTCP;
            byte[] expected = oracle.protectRtcp(rtcp, index);
            assertThat(expected.length).isEqualTo(rtcp.length + 4 + 10);

            byte[] buf = Arrays.copyOf(rtcp, rtcp.length + 14);
            assertThat(sender.protectRtcp(buf, 0, rtcp.length)).isEqualTo(expected.length);
            assertThat(buf).as("SRTCP index %d", index).isEqualTo(expected);

            assertThat(receiver.unprotectRtcp(buf, 0, buf.length)).isEqualTo(rtcp.length);
            assertThat(Arrays.copyOf(buf, rtcp.length)).isEqualTo(rtcp);
        }
    }

    /**
     * AEAD profiles from master key to packet against BouncyCastle's GCM, including the RFC 7714
     * section 11 key derivation with a 96-bit master salt (no RFC publishes a vector for that step).
     */
    @ParameterizedTest
    @EnumSource(value = SrtpProfile.class, names = {"AEAD_AES_128_GCM", "AEAD_AES_256_GCM"})
    void gcmPacketsMatchBouncyCastleFromTheMasterKey(SrtpProfile profile) throws Exception {
        byte[] masterKey = Arrays.copyOf(Hex.bytes("""
                f0f04914b513f2763a1b1fa130f10e29
                98f6f6e43e4309d1e622a0e332b9f1b6"""), profile.keyLength());
        byte[] masterSalt = Hex.bytes("3b04803de51ee7c96423ab5b");
        SrtpContext sender = SrtpContext.create(profile, masterKey, masterSalt);
        SplittableRandom rnd = new SplittableRandom(11);
        for (int seq : new int[] {65534, 65535, 0, 1}) {
            byte[] rtp = rtp(seq, 0x0badcafe, 1 + rnd.nextInt(1200), rnd);
            byte[] expected = BouncyCastleSrtpOracle.protectRtpGcm(masterKey, masterSalt, rtp, 24, seq < 100 ? 1 : 0);
            byte[] buf = Arrays.copyOf(rtp, rtp.length + 16);
            assertThat(sender.protectRtp(buf, 0, rtp.length)).isEqualTo(expected.length);
            assertThat(buf).as("seq %d", seq).isEqualTo(expected);
        }
    }
}

package org.canal.protocol.srtp;

import java.util.Arrays;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * An independent AES_CM_128_HMAC_SHA1 SRTP/SRTCP sender, written from RFC 3711 directly on
 * BouncyCastle's lightweight AES counter mode and HMAC (none of Canal's crypto code), to check
 * Canal's packets byte for byte. Slow and allocating: test use only.
 */
final class BouncyCastleSrtpOracle {
    private final int rtpTagLength;
    private final byte[] rtpKey;
    private final byte[] rtpAuth;
    private final byte[] rtpSalt;
    private final byte[] rtcpKey;
    private final byte[] rtcpAuth;
    private final byte[] rtcpSalt;

    BouncyCastleSrtpOracle(byte[] masterKey, byte[] masterSalt, int rtpTagLength) {
        this.rtpTagLength = rtpTagLength;
        // RFC 3711 section 4.3.3: labels 0..2 for SRTP, 3..5 for SRTCP; 20-byte HMAC-SHA1 keys.
        rtpKey = prf(masterKey, masterSalt, 0, 16);
        rtpAuth = prf(masterKey, masterSalt, 1, 20);
        rtpSalt = prf(masterKey, masterSalt, 2, 14);
        rtcpKey = prf(masterKey, masterSalt, 3, 16);
        rtcpAuth = prf(masterKey, masterSalt, 4, 20);
        rtcpSalt = prf(masterKey, masterSalt, 5, 14);
    }

    /** RFC 3711 section 4.3.1 with kdr = 0: AES-CM(master key, (salt XOR label at byte 7) || 0000). */
    static byte[] prf(byte[] masterKey, byte[] masterSalt, int label, int length) {
        byte[] iv = new byte[16];
        System.arraycopy(masterSalt, 0, iv, 0, masterSalt.length); // 14 bytes, or GCM's 12 left-aligned
        iv[7] ^= (byte) label;
        return ctr(masterKey, iv, new byte[length]);
    }

    /**
     * RFC 7714 sections 8.1-8.2 on BouncyCastle's GCM: IV = salt XOR (00 00 SSRC ROC SEQ), AAD = the
     * RTP header, session keys from {@link #prf} with labels 0 and 2 (section 11).
     */
    static byte[] protectRtpGcm(byte[] masterKey, byte[] masterSalt, byte[] rtp, int headerLength, long roc) throws Exception {
        byte[] key = prf(masterKey, masterSalt, 0, masterKey.length);
        byte[] iv = prf(masterKey, masterSalt, 2, 12);
        byte[] fields = concat(new byte[2], Arrays.copyOfRange(rtp, 8, 12), be32(roc), Arrays.copyOfRange(rtp, 2, 4));
        for (int i = 0; i < 12; i++) {
            iv[i] ^= fields[i];
        }
        var gcm = org.bouncycastle.crypto.modes.GCMBlockCipher.newInstance(AESEngine.newInstance());
        gcm.init(true, new org.bouncycastle.crypto.params.AEADParameters(new KeyParameter(key), 128, iv, Arrays.copyOf(rtp, headerLength)));
        byte[] out = new byte[gcm.getOutputSize(rtp.length - headerLength)];
        int n = gcm.processBytes(rtp, headerLength, rtp.length - headerLength, out, 0);
        gcm.doFinal(out, n);
        return concat(Arrays.copyOf(rtp, headerLength), out);
    }

    private static byte[] ctr(byte[] key, byte[] iv, byte[] data) {
        var aes = SICBlockCipher.newInstance(AESEngine.newInstance());
        aes.init(true, new ParametersWithIV(new KeyParameter(key), iv));
        byte[] out = new byte[data.length];
        aes.processBytes(data, 0, data.length, out, 0);
        return out;
    }

    private static byte[] hmac(byte[] key, byte[]... parts) {
        HMac mac = new HMac(new SHA1Digest());
        mac.init(new KeyParameter(key));
        for (byte[] p : parts) {
            mac.update(p, 0, p.length);
        }
        byte[] out = new byte[20];
        mac.doFinal(out, 0);
        return out;
    }

    private static byte[] be32(long v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** RFC 3711 sections 3.1, 4.1.1, 4.2: the SRTP packet for this RTP packet and rollover counter. */
    byte[] protectRtp(byte[] rtp, int headerLength, long roc) {
        byte[] iv = new byte[16];
        System.arraycopy(rtpSalt, 0, iv, 0, 14);
        byte[] ssrc = Arrays.copyOfRange(rtp, 8, 12);
        for (int i = 0; i < 4; i++) {
            iv[4 + i] ^= ssrc[i];
        }
        byte[] index = concat(be32(roc), Arrays.copyOfRange(rtp, 2, 4)); // 48-bit ROC || SEQ
        for (int i = 0; i < 6; i++) {
            iv[8 + i] ^= index[i];
        }
        byte[] header = Arrays.copyOf(rtp, headerLength);
        byte[] encrypted = ctr(rtpKey, iv, Arrays.copyOfRange(rtp, headerLength, rtp.length));
        byte[] tag = hmac(rtpAuth, header, encrypted, be32(roc));
        return concat(header, encrypted, Arrays.copyOf(tag, rtpTagLength));
    }

    /** RFC 3711 section 3.4: the SRTCP packet for this RTCP packet and SRTCP index, E = 1, 80-bit tag. */
    byte[] protectRtcp(byte[] rtcp, long srtcpIndex) {
        byte[] iv = new byte[16];
        System.arraycopy(rtcpSalt, 0, iv, 0, 14);
        for (int i = 0; i < 4; i++) {
            iv[4 + i] ^= rtcp[4 + i];
        }
        byte[] index = be32(srtcpIndex);
        for (int i = 0; i < 4; i++) {
            iv[10 + i] ^= index[i];
        }
        byte[] header = Arrays.copyOf(rtcp, 8);
        byte[] encrypted = ctr(rtcpKey, iv, Arrays.copyOfRange(rtcp, 8, rtcp.length));
        byte[] word = be32(0x8000_0000L | srtcpIndex);
        byte[] tag = hmac(rtcpAuth, header, encrypted, word);
        return concat(header, encrypted, word, Arrays.copyOf(tag, 10));
    }
}

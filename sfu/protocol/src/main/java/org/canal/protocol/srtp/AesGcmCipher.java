package org.canal.protocol.srtp;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.canal.protocol.BigEndian;

/**
 * AEAD_AES_128_GCM and AEAD_AES_256_GCM (RFC 7714), on JCE's "AES/GCM/NoPadding".
 *
 * <pre>
 * SRTP IV  (section 8.1) = salt XOR (00 00 | SSRC | ROC | SEQ)              12 bytes
 * SRTP AAD (section 8.2) = the RTP header, CSRCs and extension included
 * SRTP     = header | ciphertext | tag (16)
 * SRTCP IV (section 9.1) = salt XOR (00 00 | SSRC | 00 00 | 0 SRTCP index(31))
 * SRTCP    = header (8) | ciphertext | tag (16) | E(1) SRTCP index(31)      (section 9.2)
 * SRTCP AAD = header (8) | E+index word, or with E = 0 the whole RTCP packet | E+index word (9.3)
 * </pre>
 *
 * <p>JCE allocates inside every GCM call (~1 KB measured) and takes a new GCMParameterSpec per
 * packet; Canal allocates nothing else here. JCE also refuses to encrypt twice in a row under the
 * same key and IV; protecting the same SSRC, ROC and sequence number again (a NACK retransmission of
 * the same packet, which libwebrtc allows too) is let through by stepping over an interposed IV.
 *
 * <p>One thread at a time.
 */
final class AesGcmCipher implements SrtpCipher {
    static final int TAG = 16;
    private static final int TAG_BITS = TAG * 8;
    private static final int IV = 12;
    private static final int RTCP_CLEAR = 8;

    private final Cipher gcm;
    private final SecretKeySpec rtpKey;
    private final SecretKeySpec rtcpKey;
    private final byte[] rtpSalt;
    private final byte[] rtcpSalt;
    private final byte[] iv = new byte[IV];

    AesGcmCipher(SrtpSessionKeys rtp, SrtpSessionKeys rtcp) {
        try {
            gcm = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JCE has no AES/GCM/NoPadding", e);
        }
        rtpKey = new SecretKeySpec(rtp.encryptionKey(), "AES");
        rtcpKey = new SecretKeySpec(rtcp.encryptionKey(), "AES");
        rtpSalt = rtp.salt().clone();
        rtcpSalt = rtcp.salt().clone();
    }

    @Override
    public boolean protectRtp(byte[] buf, int off, int headerLength, int len, int ssrc, int roc, int seq) {
        rtpIv(ssrc, roc, seq);
        try {
            initEncrypt(rtpKey);
            gcm.updateAAD(buf, off, headerLength);
            gcm.doFinal(buf, off + headerLength, len - headerLength, buf, off + headerLength);
            return true;
        } catch (GeneralSecurityException | IllegalStateException e) {
            return false;
        }
    }

    @Override
    public boolean unprotectRtp(byte[] buf, int off, int headerLength, int len, int ssrc, int roc, int seq) {
        rtpIv(ssrc, roc, seq);
        try {
            gcm.init(Cipher.DECRYPT_MODE, rtpKey, new GCMParameterSpec(TAG_BITS, iv));
            gcm.updateAAD(buf, off, headerLength);
            gcm.doFinal(buf, off + headerLength, len - headerLength, buf, off + headerLength);
            return true;
        } catch (GeneralSecurityException | IllegalStateException e) {
            return false;
        }
    }

    @Override
    public int protectRtcp(byte[] buf, int off, int len, int ssrc, int index) {
        int wordAt = off + len + TAG;
        BigEndian.put32(buf, wordAt, SrtpContext.SRTCP_E_FLAG | index);
        rtcpIv(ssrc, index);
        try {
            initEncrypt(rtcpKey);
            gcm.updateAAD(buf, off, RTCP_CLEAR);
            gcm.updateAAD(buf, wordAt, SrtpContext.SRTCP_INDEX_LENGTH);
            gcm.doFinal(buf, off + RTCP_CLEAR, len - RTCP_CLEAR, buf, off + RTCP_CLEAR);
            return len + TAG + SrtpContext.SRTCP_INDEX_LENGTH;
        } catch (GeneralSecurityException | IllegalStateException e) {
            return -1;
        }
    }

    @Override
    public int rtcpIndexOffset(int len) {
        return len - SrtpContext.SRTCP_INDEX_LENGTH;
    }

    @Override
    public int unprotectRtcp(byte[] buf, int off, int len, int ssrc, int indexWord) {
        int wordAt = off + len - SrtpContext.SRTCP_INDEX_LENGTH;
        int rtcpLength = len - SrtpContext.SRTCP_INDEX_LENGTH - TAG;
        boolean encrypted = (indexWord & SrtpContext.SRTCP_E_FLAG) != 0;
        // With E = 0 the whole RTCP packet is associated data and the "ciphertext" is the tag alone.
        int clear = encrypted ? RTCP_CLEAR : rtcpLength;
        rtcpIv(ssrc, indexWord & SrtpContext.SRTCP_INDEX_MASK);
        try {
            gcm.init(Cipher.DECRYPT_MODE, rtcpKey, new GCMParameterSpec(TAG_BITS, iv));
            gcm.updateAAD(buf, off, clear);
            gcm.updateAAD(buf, wordAt, SrtpContext.SRTCP_INDEX_LENGTH);
            gcm.doFinal(buf, off + clear, rtcpLength + TAG - clear, buf, off + clear);
            return rtcpLength;
        } catch (GeneralSecurityException | IllegalStateException e) {
            return -1;
        }
    }

    private void initEncrypt(SecretKeySpec key) throws GeneralSecurityException {
        try {
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
        } catch (InvalidAlgorithmParameterException sameKeyAndIvAsLastTime) {
            iv[0] ^= 1;
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            iv[0] ^= 1;
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
        }
    }

    private void rtpIv(int ssrc, int roc, int seq) {
        System.arraycopy(rtpSalt, 0, iv, 0, IV);
        AesCmHmacSha1Cipher.xor32(iv, 2, ssrc);
        AesCmHmacSha1Cipher.xor32(iv, 6, roc);
        iv[10] ^= (byte) (seq >>> 8);
        iv[11] ^= (byte) seq;
    }

    private void rtcpIv(int ssrc, int index) {
        System.arraycopy(rtcpSalt, 0, iv, 0, IV);
        AesCmHmacSha1Cipher.xor32(iv, 2, ssrc);
        AesCmHmacSha1Cipher.xor32(iv, 8, index);
    }
}

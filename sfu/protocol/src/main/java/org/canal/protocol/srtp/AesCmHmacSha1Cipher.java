package org.canal.protocol.srtp;

import org.canal.protocol.BigEndian;
import org.canal.protocol.crypto.HmacSha1;

/**
 * AES_CM_128_HMAC_SHA1_80 and _32 (RFC 3711 sections 4.1.1, 4.2.1; RFC 5764 section 4.1.2).
 *
 * <pre>
 * SRTP IV  = (salt * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16)         index = ROC || SEQ (48 bits)
 * SRTCP IV = (salt * 2^16) XOR (SSRC * 2^64) XOR (SRTCP index * 2^16)   (31 bits)
 * SRTP tag  = HMAC-SHA1(auth key, header || encrypted payload || ROC), truncated to 10 or 4 bytes
 * SRTCP     = header (8) | encrypted rest | E(1) SRTCP index(31) | tag (10)
 * SRTCP tag = HMAC-SHA1(auth key, everything before the tag), truncated to 10 bytes
 * </pre>
 *
 * One thread at a time: ciphers, MACs and scratch arrays are reused for every packet.
 */
final class AesCmHmacSha1Cipher implements SrtpCipher {
    /** The first 8 bytes of an RTCP packet (version to SSRC) stay in the clear. */
    private static final int RTCP_CLEAR = 8;
    private static final int SSRC_AT = 4;
    private static final int ROC_AT = 8;
    private static final int SEQ_AT = 12;
    private static final int SRTCP_INDEX_AT = 10;

    private final int rtpTagLength;
    private final int rtcpTagLength;
    private final AesCounterMode rtpCipher;
    private final AesCounterMode rtcpCipher;
    private final HmacSha1 rtpMac;
    private final HmacSha1 rtcpMac;
    private final byte[] rtpSalt;
    private final byte[] rtcpSalt;
    private final byte[] iv = new byte[AesCounterMode.BLOCK];
    private final byte[] mac = new byte[HmacSha1.LENGTH];
    private final byte[] roc = new byte[4];

    AesCmHmacSha1Cipher(SrtpProfile profile, SrtpSessionKeys rtp, SrtpSessionKeys rtcp) {
        this.rtpTagLength = profile.srtpTagLength();
        this.rtcpTagLength = profile.srtcpTagLength();
        this.rtpCipher = new AesCounterMode(rtp.encryptionKey());
        this.rtcpCipher = new AesCounterMode(rtcp.encryptionKey());
        this.rtpMac = new HmacSha1(rtp.authenticationKey());
        this.rtcpMac = new HmacSha1(rtcp.authenticationKey());
        this.rtpSalt = rtp.salt().clone();
        this.rtcpSalt = rtcp.salt().clone();
    }

    @Override
    public boolean protectRtp(byte[] buf, int off, int headerLength, int len, int ssrc, int roc, int seq) {
        rtpIv(ssrc, roc, seq);
        if (!rtpCipher.xor(iv, buf, off + headerLength, len - headerLength)) {
            return false;
        }
        rtpTag(buf, off, len, roc);
        System.arraycopy(mac, 0, buf, off + len, rtpTagLength);
        return true;
    }

    @Override
    public boolean unprotectRtp(byte[] buf, int off, int headerLength, int len, int ssrc, int roc, int seq) {
        int authenticated = len - rtpTagLength;
        rtpTag(buf, off, authenticated, roc);
        if (!SrtpCipher.equalInConstantTime(mac, 0, buf, off + authenticated, rtpTagLength)) {
            return false;
        }
        rtpIv(ssrc, roc, seq);
        return rtpCipher.xor(iv, buf, off + headerLength, authenticated - headerLength);
    }

    @Override
    public int protectRtcp(byte[] buf, int off, int len, int ssrc, int index) {
        rtcpIv(ssrc, index);
        if (!rtcpCipher.xor(iv, buf, off + RTCP_CLEAR, len - RTCP_CLEAR)) {
            return -1;
        }
        BigEndian.put32(buf, off + len, SrtpContext.SRTCP_E_FLAG | index);
        int authenticated = len + SrtpContext.SRTCP_INDEX_LENGTH;
        rtcpMac.start();
        rtcpMac.update(buf, off, authenticated);
        rtcpMac.finish(mac, 0);
        System.arraycopy(mac, 0, buf, off + authenticated, rtcpTagLength);
        return authenticated + rtcpTagLength;
    }

    @Override
    public int rtcpIndexOffset(int len) {
        return len - rtcpTagLength - SrtpContext.SRTCP_INDEX_LENGTH;
    }

    @Override
    public int unprotectRtcp(byte[] buf, int off, int len, int ssrc, int indexWord) {
        int authenticated = len - rtcpTagLength;
        rtcpMac.start();
        rtcpMac.update(buf, off, authenticated);
        rtcpMac.finish(mac, 0);
        if (!SrtpCipher.equalInConstantTime(mac, 0, buf, off + authenticated, rtcpTagLength)) {
            return -1;
        }
        int rtcpLength = authenticated - SrtpContext.SRTCP_INDEX_LENGTH;
        if ((indexWord & SrtpContext.SRTCP_E_FLAG) != 0) {
            rtcpIv(ssrc, indexWord & SrtpContext.SRTCP_INDEX_MASK);
            if (!rtcpCipher.xor(iv, buf, off + RTCP_CLEAR, rtcpLength - RTCP_CLEAR)) {
                return -1;
            }
        }
        return rtcpLength;
    }

    private void rtpTag(byte[] buf, int off, int len, int rolloverCounter) {
        BigEndian.put32(roc, 0, rolloverCounter);
        rtpMac.start();
        rtpMac.update(buf, off, len);
        rtpMac.update(roc, 0, 4);
        rtpMac.finish(mac, 0);
    }

    private void rtpIv(int ssrc, int rolloverCounter, int seq) {
        System.arraycopy(rtpSalt, 0, iv, 0, rtpSalt.length);
        iv[14] = 0;
        iv[15] = 0;
        xor32(iv, SSRC_AT, ssrc);
        xor32(iv, ROC_AT, rolloverCounter);
        iv[SEQ_AT] ^= (byte) (seq >>> 8);
        iv[SEQ_AT + 1] ^= (byte) seq;
    }

    private void rtcpIv(int ssrc, int index) {
        System.arraycopy(rtcpSalt, 0, iv, 0, rtcpSalt.length);
        iv[14] = 0;
        iv[15] = 0;
        xor32(iv, SSRC_AT, ssrc);
        xor32(iv, SRTCP_INDEX_AT, index);
    }

    static void xor32(byte[] b, int at, int v) {
        b[at] ^= (byte) (v >>> 24);
        b[at + 1] ^= (byte) (v >>> 16);
        b[at + 2] ^= (byte) (v >>> 8);
        b[at + 3] ^= (byte) v;
    }
}

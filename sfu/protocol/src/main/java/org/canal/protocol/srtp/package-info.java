/**
 * SRTP and SRTCP (RFC 3711) with the profiles WebRTC negotiates over DTLS-SRTP (RFC 5764):
 * AES_CM_128_HMAC_SHA1_80/_32 and AEAD_AES_128_GCM/_256_GCM (RFC 7714), with the AES-256 PRF of
 * RFC 6188 for 256-bit master keys.
 *
 * <p>The media engine exports {@link org.canal.protocol.srtp.SrtpProfile#keyingMaterialLength()}
 * bytes from the DTLS handshake, splits them with {@link org.canal.protocol.srtp.SrtpKeyingMaterial}
 * (client key | server key | client salt | server salt) and gets two
 * {@link org.canal.protocol.srtp.SrtpContext}s per association: one protecting what it sends, one
 * unprotecting what it receives. Both work in place on a caller's array and return the new length or
 * a negative {@link org.canal.protocol.srtp.SrtpMalformation}; nothing is allocated per packet except
 * inside JCE's AES-GCM.
 */
package org.canal.protocol.srtp;

package org.canal.protocol.srtp;

/**
 * The session keys of one direction and one of SRTP or SRTCP (RFC 3711 section 4.3): encryption
 * key, authentication key (empty for AEAD) and salt. Held by the cipher objects only.
 */
record SrtpSessionKeys(byte[] encryptionKey, byte[] authenticationKey, byte[] salt) {}

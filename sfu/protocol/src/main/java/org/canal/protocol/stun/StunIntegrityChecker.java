package org.canal.protocol.stun;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.canal.protocol.crypto.HmacSha1;

/**
 * Checks and computes MESSAGE-INTEGRITY (RFC 8489 section 14.5) under one key: the HMAC-SHA1 of the
 * message up to the attribute, with the header's length field counted as if the message ended right
 * after MESSAGE-INTEGRITY. A FINGERPRINT after it is thereby left out, as the section requires,
 * without touching the caller's bytes.
 *
 * <p>Keys (section 9): short-term credentials, as ICE uses (RFC 8445 section 7.2.2), key with the
 * password itself; long-term credentials key with MD5(username ":" realm ":" password), where the
 * password has already been through SASLprep (section 9.2.2; OpaqueString profile in RFC 8489).
 *
 * <p>Create one per key and reuse it; checking and signing allocate nothing. One thread at a time.
 */
public final class StunIntegrityChecker {
    private static final int VALUE_OFFSET = StunMessage.ATTRIBUTE_HEADER_LENGTH;
    private static final int ATTRIBUTE_LENGTH = StunMessage.ATTRIBUTE_HEADER_LENGTH + HmacSha1.LENGTH;

    private final HmacSha1 hmac;
    private final byte[] computed = new byte[HmacSha1.LENGTH];

    private StunIntegrityChecker(byte[] key, int off, int len) {
        this.hmac = new HmacSha1(key, off, len);
    }

    /** Short-term credentials: the key is the password's bytes (RFC 8489 section 9.1.1). */
    public static StunIntegrityChecker shortTerm(byte[] password, int off, int len) {
        return new StunIntegrityChecker(password, off, len);
    }

    public static StunIntegrityChecker shortTerm(String password) {
        byte[] p = password.getBytes(StandardCharsets.UTF_8);
        return shortTerm(p, 0, p.length);
    }

    /**
     * Long-term credentials (RFC 8489 section 9.2.2, MD5 algorithm): the key is
     * MD5(username ":" realm ":" password), all UTF-8, the password already SASLprep'd by the caller.
     */
    public static StunIntegrityChecker longTerm(String username, String realm, String saslPreppedPassword) {
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides MD5", e);
        }
        byte[] key = md5.digest((username + ":" + realm + ":" + saslPreppedPassword).getBytes(StandardCharsets.UTF_8));
        return new StunIntegrityChecker(key, 0, key.length);
    }

    /**
     * Checks the first MESSAGE-INTEGRITY of a wrapped message. Null when authentic; else
     * MISSING_MESSAGE_INTEGRITY, INTEGRITY_MISMATCH, or the refusal of the message's last wrap. The
     * comparison takes the same time wherever the first difference is.
     */
    public StunMalformation check(StunMessage message) {
        if (message.malformation() != null) {
            return message.malformation();
        }
        int at = message.find(StunAttributeType.MESSAGE_INTEGRITY);
        if (at < 0) {
            return StunMalformation.MISSING_MESSAGE_INTEGRITY;
        }
        byte[] buf = message.buffer();
        compute(buf, message.offset(), at, computed, 0);
        int diff = 0;
        for (int i = 0; i < HmacSha1.LENGTH; i++) {
            diff |= computed[i] ^ buf[at + VALUE_OFFSET + i];
        }
        return diff == 0 ? null : StunMalformation.INTEGRITY_MISMATCH;
    }

    /**
     * Fills in the value of the MESSAGE-INTEGRITY attribute whose header is at {@code buf[at]}, in the
     * message starting at {@code buf[off]}; for {@link StunMessageWriter}.
     */
    void sign(byte[] buf, int off, int at) {
        compute(buf, off, at, buf, at + VALUE_OFFSET);
    }

    private void compute(byte[] buf, int off, int at, byte[] out, int outOff) {
        int lengthToIntegrityEnd = at + ATTRIBUTE_LENGTH - off - StunMessage.HEADER_LENGTH;
        hmac.start();
        hmac.update(buf, off, StunMessage.LENGTH_OFFSET);
        hmac.update((byte) (lengthToIntegrityEnd >>> 8));
        hmac.update((byte) lengthToIntegrityEnd);
        int rest = StunMessage.LENGTH_OFFSET + 2;
        hmac.update(buf, off + rest, at - off - rest);
        hmac.finish(out, outOff);
    }
}

package org.canal.signaling;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Opaque ids: the {@code server}, {@code channel} and {@code sub} claims, participant ids and node ids.
 * They are 1-64 characters of A-Z a-z 0-9 {@code . _ ~ -}, safe in a URL path, in SDP tokens (msid,
 * cname) and in JSON without escaping.
 */
public final class Ids {
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._~-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private Ids() {}

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    /** {@code bytes} random bytes in unpadded base64url: 16 bytes give 22 characters, 128 bits. */
    public static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return BASE64URL.encodeToString(b);
    }

    /** A random value in [1, 2^63), e.g. an SDP o= session id (RFC 8829 section 5.2.1). */
    public static long randomPositive63() {
        long v;
        do {
            v = RANDOM.nextLong() & Long.MAX_VALUE;
        } while (v == 0);
        return v;
    }

    /** A random non-zero 32-bit value, e.g. an SSRC. */
    public static long randomUnsigned32() {
        long v;
        do {
            v = RANDOM.nextInt() & 0xFFFF_FFFFL;
        } while (v == 0);
        return v;
    }
}

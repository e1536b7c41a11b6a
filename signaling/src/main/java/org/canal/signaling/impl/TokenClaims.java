package org.canal.signaling.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.canal.signaling.ErrorCode;
import org.canal.signaling.Grants;
import org.canal.signaling.Ids;

/**
 * The claims of a join token (docs/tokens.md, "Claims"), read and type-checked but not yet trusted:
 * {@link #read} refuses a token whose claims are absent (TOKEN_MISSING_CLAIM) or of the wrong type
 * (TOKEN_MALFORMED) before its signature is checked; whether they are valid here (times, issuer,
 * audience, channel) is {@link TokenVerifier}'s question once the signature holds.
 *
 * @param nbf {@code nbf}, or null when absent
 * @param subject {@code sub}, or null for a dev invite
 * @param viaInvite whether the token says it was minted from an invite ({@code via: "invite"}, or a
 *     dev invite): only such tokens join an invite-only call
 */
record TokenClaims(String issuer, List<String> audience, long exp, long iat, Long nbf, String jti,
        String server, String channel, String subject, boolean invite, Grants grants, boolean viaInvite) {
    /** The value of the {@code via} claim of a token minted by redeeming an invite. */
    static final String VIA_INVITE = "invite";

    static final int MAX_JTI_CHARS = 128;
    static final int MAX_TEXT_CHARS = 256;

    /**
     * @param hs256 whether the token is signed with the shared secret: only then may it be a dev
     *              invite ({@code invite: true}) or leave out {@code grants} ({@link Grants#PARTICIPANT})
     */
    static TokenClaims read(JsonObject claims, boolean hs256) throws SignalingException {
        String issuer = text(claims, "iss");
        List<String> audience = audience(claims);
        long exp = seconds(claims, "exp");
        long iat = seconds(claims, "iat");
        Long nbf = claims.containsKey("nbf") ? seconds(claims, "nbf") : null;
        String jti = text(claims, "jti");
        if (jti.length() > MAX_JTI_CHARS) {
            throw malformed("'jti' must be 1-" + MAX_JTI_CHARS + " characters");
        }
        String server = id(claims, "server");
        String channel = id(claims, "channel");
        Object invite = claims.getValue("invite");
        if (invite != null && !Boolean.TRUE.equals(invite)) {
            throw malformed("'invite' may only be true (or absent)");
        }
        boolean isInvite = invite != null;
        if (isInvite && !hs256) {
            throw malformed("'invite' is a dev-mode claim, accepted only in HS256 tokens");
        }
        if (isInvite && claims.containsKey("sub")) {
            throw malformed("a token carries either 'sub' or 'invite': true, not both");
        }
        String subject = isInvite ? null : id(claims, "sub");
        Object via = claims.getValue("via");
        if (via != null && !VIA_INVITE.equals(via)) {
            throw malformed("'via' may only be \"invite\" (or absent)");
        }
        return new TokenClaims(issuer, audience, exp, iat, nbf, jti, server, channel, subject, isInvite,
                grants(claims, hs256), isInvite || via != null);
    }

    private static Grants grants(JsonObject claims, boolean hs256) throws SignalingException {
        Object value = claims.getValue("grants");
        if (value == null) {
            if (hs256) {
                return Grants.PARTICIPANT;
            }
            throw missing("grants");
        }
        if (!(value instanceof JsonObject g)) {
            throw malformed("'grants' must be an object");
        }
        try {
            return Grants.fromJson(g);
        } catch (IllegalArgumentException e) {
            throw malformed(e.getMessage());
        }
    }

    private static List<String> audience(JsonObject claims) throws SignalingException {
        Object aud = claims.getValue("aud");
        if (aud == null) {
            throw missing("aud");
        }
        if (aud instanceof String s && !s.isEmpty() && s.length() <= MAX_TEXT_CHARS) {
            return List.of(s);
        }
        if (aud instanceof JsonArray list && !list.isEmpty() && list.size() <= 16) {
            List<String> out = new ArrayList<>();
            for (Object o : list) {
                if (!(o instanceof String s) || s.isEmpty() || s.length() > MAX_TEXT_CHARS) {
                    throw malformed("'aud' must be a string or an array of strings (RFC 7519 section 4.1.3)");
                }
                out.add(s);
            }
            return List.copyOf(out);
        }
        throw malformed("'aud' must be a string or an array of 1-16 strings (RFC 7519 section 4.1.3)");
    }

    private static String text(JsonObject claims, String name) throws SignalingException {
        Object v = claims.getValue(name);
        if (v == null) {
            throw missing(name);
        }
        if (!(v instanceof String s) || s.isEmpty() || s.length() > MAX_TEXT_CHARS) {
            throw malformed("'" + name + "' must be a string of 1-" + MAX_TEXT_CHARS + " characters");
        }
        return s;
    }

    /** A NumericDate (RFC 7519 section 2) as whole seconds. */
    private static long seconds(JsonObject claims, String name) throws SignalingException {
        Object v = claims.getValue(name);
        if (v == null) {
            throw missing(name);
        }
        if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < 0) {
            throw malformed("'" + name + "' must be a whole number of seconds since the epoch");
        }
        return ((Number) v).longValue();
    }

    private static String id(JsonObject claims, String name) throws SignalingException {
        Object v = claims.getValue(name);
        if (v == null) {
            throw missing(name);
        }
        if (!(v instanceof String s) || !Ids.isValid(s)) {
            throw malformed("'" + name + "' must be an id (1-64 of A-Z a-z 0-9 . _ ~ -)");
        }
        return s;
    }

    private static SignalingException missing(String claim) {
        return new SignalingException(ErrorCode.TOKEN_MISSING_CLAIM, "the token has no '" + claim + "' claim");
    }

    static SignalingException malformed(String reason) {
        return new SignalingException(ErrorCode.TOKEN_MALFORMED, reason);
    }
}

package org.canal.signaling;

/**
 * The {@code code} of an {@code error} message (docs/signaling.md, "Error codes"). Every refusal of a
 * join token has its own code starting with {@code TOKEN_} (docs/tokens.md says which check gives
 * which), so that a platform developer sees at once what to fix; they all close the socket.
 */
public enum ErrorCode {
    BAD_MESSAGE(false),
    UNSUPPORTED_VERSION(true),
    /** Not a signed JWT (RFC 7519 section 7.2): parts, base64url, JSON, a header naming a key, a claim of the wrong type. */
    TOKEN_MALFORMED(true),
    /** A required claim is absent. */
    TOKEN_MISSING_CLAIM(true),
    /** {@code alg} is {@code none}, not accepted by this node, or not the algorithm of the key {@code kid} names. */
    TOKEN_ALGORITHM_NOT_ALLOWED(true),
    /** {@code kid} names no key this node has (never had, or rotated out), or a public-key token has no {@code kid}. */
    TOKEN_UNKNOWN_KEY(true),
    /** The signature does not verify with the selected key. */
    TOKEN_BAD_SIGNATURE(true),
    /** {@code exp} plus the clock skew has passed. */
    TOKEN_EXPIRED(true),
    /** {@code nbf} or {@code iat} is later than now plus the clock skew. */
    TOKEN_NOT_YET_VALID(true),
    TOKEN_WRONG_ISSUER(true),
    TOKEN_WRONG_AUDIENCE(true),
    /** The token is for another server or channel than the one the {@code join} asks for. */
    TOKEN_WRONG_CHANNEL(true),
    /** The token is valid but its grants do not include {@code join}. */
    TOKEN_NOT_ALLOWED(true),
    NOT_JOINED(false),
    ALREADY_JOINED(false),
    UNKNOWN_SESSION(true),
    /**
     * The resume secret is right but another node hosts the session; the reply's {@code node} names it.
     * The hook for clustering: a cluster-aware client or proxy resumes there (docs/signaling.md, "Sessions").
     */
    SESSION_ON_OTHER_NODE(true),
    BAD_SDP(false),
    /** The session's grants do not allow the request (e.g. a publish offer sending media without a publish grant). */
    NOT_ALLOWED(false),
    STALE_REVISION(false),
    /** The call has as many participants as its limit (docs/moderation.md). */
    CHANNEL_FULL(true),
    /** A moderator locked the call: no new participants, resumes still work. */
    CHANNEL_LOCKED(true),
    /** The call admits only tokens minted from an invite ({@code via: "invite"}). */
    INVITE_ONLY(true),
    /** A moderator removed this participant; its user id is kept out until the call empties. Also sent when the session is kicked. */
    KICKED(true),
    /** A moderation request names a participant who is not in the call. */
    UNKNOWN_PARTICIPANT(false),
    /**
     * A {@code p2pSignal} or {@code mediaReady} for an epoch that is not the call's current one, or a
     * {@code p2pSignal} from a session that is not in the current P2P pair (docs/signaling.md, "Media mode").
     */
    STALE_EPOCH(false),
    /** A {@code publish} while the session's SFU media is off: its call runs peer-to-peer. */
    MEDIA_MODE(false),
    /**
     * Too many sockets, joins or messages from this address, user or socket (docs/signaling.md, "Rate
     * limits"). A refused {@code join} or {@code resume} closes the socket (the node closes it itself);
     * a message over the socket's rate is dropped and the socket stays open unless the flood goes on.
     */
    RATE_LIMITED(false),
    INTERNAL(false);

    private final boolean closesSocket;

    ErrorCode(boolean closesSocket) {
        this.closesSocket = closesSocket;
    }

    /** Whether the node closes the socket after sending this error. */
    public boolean closesSocket() {
        return closesSocket;
    }
}

package org.canal.signaling;

import io.vertx.core.http.HttpServerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Signaling's configuration, validated when made.
 *
 * @param nodeId this node's id; commands go to {@code MediaAddresses.commands(nodeId)}
 * @param tokenKeys the keys join tokens are verified with: an HS256 secret, a JWKS file, or both (docs/tokens.md)
 * @param issuer the {@code iss} every join token must carry
 * @param audience the {@code aud} every join token must carry ({@value #DEFAULT_AUDIENCE})
 * @param clockSkew how far {@code exp}, {@code nbf} and {@code iat} may be off (0 to 5 minutes)
 * @param resumeGrace how long a session without a socket lives before it ends (1 s to 10 minutes)
 * @param maxMessageBytes the largest client message, in UTF-8 bytes (1 KiB to 1 MiB)
 * @param diagnostics whether {@code GET /diagnostics/calls/:server/:channel} is mounted
 * @param maxParticipants how many sessions a call admits until a moderator sets another limit
 *     (1 to {@value #MAX_PARTICIPANTS_LIMIT}; docs/moderation.md)
 * @param auditFile where the audit log of moderation and policy refusals is appended, one JSON line
 *     per record; null writes it to the JDK logger {@code org.canal.audit} instead (docs/moderation.md)
 * @param iceServers the STUN and TURN servers {@code joined} hands out, TURN with fresh credentials
 *     (docs/turn.md); {@link IceServers#none()} when null
 * @param p2p how two-person calls go peer-to-peer and back ({@link P2pOptions#DEFAULTS} when null;
 *     docs/signaling.md, "Media mode")
 * @param unloadGrace the grace of a session whose client said {@code unloading} (its page is being
 *     closed or reloaded) before its socket dropped: a reload resumes well within it, a closed tab
 *     leaves sooner (1 s to 10 minutes; the resume grace when that is shorter; 10 s when null)
 * @param limits how fast a client may open sockets, join and send messages (docs/signaling.md, "Rate
 *     limits"); {@link SignalingLimits#defaults()} when null
 */
public record SignalingOptions(String nodeId, TokenKeys tokenKeys, String issuer, String audience,
        Duration clockSkew, Duration resumeGrace, int maxMessageBytes, boolean diagnostics,
        int maxParticipants, Path auditFile, IceServers iceServers, P2pOptions p2p,
        Duration unloadGrace, SignalingLimits limits) {

    public static final String DEFAULT_AUDIENCE = "canal";
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
    public static final Duration DEFAULT_RESUME_GRACE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_UNLOAD_GRACE = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;
    public static final int DEFAULT_MAX_PARTICIPANTS = 50;
    /** The highest participant limit an operator or a moderator may set. */
    public static final int MAX_PARTICIPANTS_LIMIT = 1000;

    public SignalingOptions {
        Objects.requireNonNull(tokenKeys, "tokenKeys");
        if (!Ids.isValid(nodeId)) {
            throw new IllegalArgumentException("nodeId must be 1-64 characters of A-Z a-z 0-9 . _ ~ -");
        }
        if (issuer == null || issuer.isBlank() || issuer.length() > 256) {
            throw new IllegalArgumentException("issuer must be 1-256 characters");
        }
        if (audience == null || audience.isBlank() || audience.length() > 256) {
            throw new IllegalArgumentException("audience must be 1-256 characters");
        }
        if (clockSkew == null || clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("clockSkew must be between 0 and 5 minutes");
        }
        if (resumeGrace == null || resumeGrace.compareTo(Duration.ofSeconds(1)) < 0
                || resumeGrace.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("resumeGrace must be between 1 second and 10 minutes");
        }
        if (limits == null) {
            limits = SignalingLimits.defaults();
        }
        if (unloadGrace == null) {
            unloadGrace = DEFAULT_UNLOAD_GRACE;
        }
        if (unloadGrace.compareTo(Duration.ofSeconds(1)) < 0 || unloadGrace.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("unloadGrace must be between 1 second and 10 minutes");
        }
        if (maxMessageBytes < 1024 || maxMessageBytes > 1024 * 1024) {
            throw new IllegalArgumentException("maxMessageBytes must be between 1 KiB and 1 MiB");
        }
        if (maxParticipants < 1 || maxParticipants > MAX_PARTICIPANTS_LIMIT) {
            throw new IllegalArgumentException("maxParticipants must be between 1 and " + MAX_PARTICIPANTS_LIMIT);
        }
        if (iceServers == null) {
            iceServers = IceServers.none();
        }
        if (p2p == null) {
            p2p = P2pOptions.DEFAULTS;
        }
    }

    /** The options with no ICE servers and the default P2P settings ({@link P2pOptions#DEFAULTS}). */
    public SignalingOptions(String nodeId, TokenKeys tokenKeys, String issuer, String audience, Duration clockSkew,
            Duration resumeGrace, int maxMessageBytes, boolean diagnostics, int maxParticipants, Path auditFile) {
        this(nodeId, tokenKeys, issuer, audience, clockSkew, resumeGrace, maxMessageBytes, diagnostics,
                maxParticipants, auditFile, IceServers.none(), P2pOptions.DEFAULTS, DEFAULT_UNLOAD_GRACE,
                SignalingLimits.defaults());
    }

    /** The options without the moderation settings: {@value #DEFAULT_MAX_PARTICIPANTS} participants, audit to the JDK logger. */
    public SignalingOptions(String nodeId, TokenKeys tokenKeys, String issuer, String audience, Duration clockSkew,
            Duration resumeGrace, int maxMessageBytes, boolean diagnostics) {
        this(nodeId, tokenKeys, issuer, audience, clockSkew, resumeGrace, maxMessageBytes, diagnostics,
                DEFAULT_MAX_PARTICIPANTS, null);
    }

    /**
     * The defaults: audience "canal", 30 s skew, 30 s resume grace, 64 KiB messages, no diagnostics,
     * {@value #DEFAULT_MAX_PARTICIPANTS} participants per call, audit records to the JDK logger.
     */
    public static SignalingOptions defaults(String nodeId, TokenKeys tokenKeys, String issuer) {
        return new SignalingOptions(nodeId, tokenKeys, issuer, DEFAULT_AUDIENCE, DEFAULT_CLOCK_SKEW,
                DEFAULT_RESUME_GRACE, DEFAULT_MAX_MESSAGE_BYTES, false);
    }

    public SignalingOptions withDiagnostics(boolean on) {
        return new SignalingOptions(nodeId, tokenKeys, issuer, audience, clockSkew, resumeGrace, maxMessageBytes, on,
                maxParticipants, auditFile, iceServers, p2p, unloadGrace, limits);
    }

    public SignalingOptions withResumeGrace(Duration grace) {
        return new SignalingOptions(nodeId, tokenKeys, issuer, audience, clockSkew, grace, maxMessageBytes, diagnostics,
                maxParticipants, auditFile, iceServers, p2p, unloadGrace, limits);
    }

    public SignalingOptions withClockSkew(Duration skew) {
        return new SignalingOptions(nodeId, tokenKeys, issuer, audience, skew, resumeGrace, maxMessageBytes, diagnostics,
                maxParticipants, auditFile, iceServers, p2p, unloadGrace, limits);
    }

    public SignalingOptions withMaxMessageBytes(int bytes) {
        return new SignalingOptions(nodeId, tokenKeys, issuer, audience, clockSkew, resumeGrace, bytes, diagnostics,
                maxParticipants, auditFile, iceServers, p2p, unloadGrace, limits);
    }

    /** A call admits at most {@code max} sessions unless a moderator sets another limit. */
    public SignalingOptions withMaxParticipants(int max) {
        return new SignalingOptions(nodeId, tokenKeys, issuer, audience, clockSkew, resumeGrace, maxMessageBytes,
                diagnostics, max, auditFile, iceServers, p2p, unloadGrace, limits);
    }

    /** A session whose client said {@code unloading} ends {@code grace} after its socket drops, unless resumed. */
    public SignalingOptions withUnloadGrace(Duration grace) {
        return new SignalingOptions(nodeId, tokenKeys, issuer, audience, clockSkew, resumeGrace, maxMessageBytes,
                diagnostics, maxParticipants, auditFile, iceServers, p2p, grace, limits);
    }

    /** Rate limits on sockets, joins and messages (docs/signaling.md, "Rate limits"). */
    public SignalingOptions withLimits(SignalingLimits newLimits) {
        return new SignalingOptions(nodeId, tokenKeys, issuer, audience, clockSkew, resumeGrace, maxMessageBytes,
                diagnostics, maxParticipants, auditFile, iceServers, p2p, unloadGrace, newLimits);
    }

    /** Appends the audit log to {@code file} (created if absent); null logs it to {@code org.canal.audit}. */
    public SignalingOptions withAuditFile(Path file) {
        return new SignalingOptions(nodeId, tokenKeys, issuer, audience, clockSkew, resumeGrace, maxMessageBytes,
                diagnostics, maxParticipants, file, iceServers, p2p, unloadGrace, limits);
    }

    /** How calls switch between P2P and the SFU (docs/signaling.md, "Media mode"). */
    public SignalingOptions withP2p(P2pOptions settings) {
        return new SignalingOptions(nodeId, tokenKeys, issuer, audience, clockSkew, resumeGrace, maxMessageBytes,
                diagnostics, maxParticipants, auditFile, iceServers, settings, unloadGrace, limits);
    }

    /** Hands these STUN and TURN servers to every session in {@code joined}. */
    public SignalingOptions withIceServers(IceServers servers) {
        return new SignalingOptions(nodeId, tokenKeys, issuer, audience, clockSkew, resumeGrace, maxMessageBytes,
                diagnostics, maxParticipants, auditFile, servers, p2p, unloadGrace, limits);
    }

    /**
     * Whether the node hands participants a TURN server: {@link #iceServers} has one, or the P2P
     * settings say so. A channel's {@code p2p: "relay"} policy means SFU without one.
     */
    public boolean turnAvailable() {
        return p2p.turnAvailable() || !iceServers.turnUrls().isEmpty();
    }

    /**
     * Whether the node hands participants a TURN server ({@code joined.iceServers}); without one, a
     * channel's {@code p2p: "relay"} policy means SFU.
     */
    public SignalingOptions withTurnAvailable(boolean available) {
        return withP2p(p2p.withTurnAvailable(available));
    }

    /**
     * Sets the HTTP server's WebSocket frame and message limits to twice {@link #maxMessageBytes}: a
     * message up to that size reaches signaling, which answers an oversized one with BAD_MESSAGE and
     * keeps the socket; anything larger is closed by Vert.x itself (status 1009). Browsers send a
     * message as one frame, so the frame limit must be as large as the message limit.
     */
    public HttpServerOptions applyWebSocketLimits(HttpServerOptions server) {
        return server.setMaxWebSocketFrameSize(2 * maxMessageBytes).setMaxWebSocketMessageSize(2 * maxMessageBytes);
    }
}

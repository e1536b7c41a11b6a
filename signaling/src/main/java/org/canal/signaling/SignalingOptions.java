package org.canal.signaling;

import io.vertx.core.http.HttpServerOptions;
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
 */
public record SignalingOptions(String nodeId, TokenKeys tokenKeys, String issuer, String audience,
        Duration clockSkew, Duration resumeGrace, int maxMessageBytes, boolean diagnostics) {

    public static final String DEFAULT_AUDIENCE = "canal";
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
    public static final Duration DEFAULT_RESUME_GRACE = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;

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
        if (maxMessageBytes < 1024 || maxMessageBytes > 1024 * 1024) {
            throw new IllegalArgumentException("maxMessageBytes must be between 1 KiB and 1 MiB");
        }
    }

    /** The defaults: audience "canal", 30 s skew, 30 s resume grace, 64 KiB messages, no diagnostics. */
    public static SignalingOptions defaults(String nodeId, TokenKeys tokenKeys, String issuer) {
        return new SignalingOptions(nodeId, tokenKeys, issuer, DEFAULT_AUDIENCE, DEFAULT_CLOCK_SKEW,
                DEFAULT_RESUME_GRACE, DEFAULT_MAX_MESSAGE_BYTES, false);
    }

    public SignalingOptions withDiagnostics(boolean on) {
        return new SignalingOptions(nodeId, tokenKeys, issuer, audience, clockSkew, resumeGrace, maxMessageBytes, on);
    }

    public SignalingOptions withResumeGrace(Duration grace) {
        return new SignalingOptions(nodeId, tokenKeys, issuer, audience, clockSkew, grace, maxMessageBytes, diagnostics);
    }

    public SignalingOptions withClockSkew(Duration skew) {
        return new SignalingOptions(nodeId, tokenKeys, issuer, audience, skew, resumeGrace, maxMessageBytes, diagnostics);
    }

    public SignalingOptions withMaxMessageBytes(int bytes) {
        return new SignalingOptions(nodeId, tokenKeys, issuer, audience, clockSkew, resumeGrace, bytes, diagnostics);
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

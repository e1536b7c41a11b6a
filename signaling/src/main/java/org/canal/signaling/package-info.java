/**
 * Signaling: the WebSocket endpoint through which browsers join calls (docs/signaling.md is the
 * protocol). {@link org.canal.signaling.Signaling} is what the server module mounts;
 * {@link org.canal.signaling.SignalingOptions} configures it; {@link org.canal.signaling.JoinTokens}
 * mints HS256 tokens it accepts. Joins are authorised with JWTs (an HS256 secret, or ES256/RS256 public
 * keys from a JWKS file selected by {@code kid}: docs/tokens.md), sessions survive a lost socket
 * for a grace period, and SDP is negotiated with the protocol core's SDP model
 * ({@code org.canal.signaling.sdp}). Signaling reaches the media engine only through
 * {@link org.canal.media.api.MediaControl} commands and listens to its events; each call's state
 * lives on one event-loop context ({@code org.canal.signaling.impl.Call}).
 */
package org.canal.signaling;

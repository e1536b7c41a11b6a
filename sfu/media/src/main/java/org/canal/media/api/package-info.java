/**
 * The media engine's command API: the only way signaling (or anything else) reaches the media plane.
 *
 * <p>Commands are records implementing {@link org.canal.media.api.MediaCommand}, sent on the Vert.x
 * event bus to a node's command address ({@link org.canal.media.api.MediaAddresses}) and answered with
 * the command's reply type; {@link org.canal.media.api.MediaControl} wraps that in a
 * {@code Future<R>}. Events ({@link org.canal.media.api.MediaEvent}) are published on the node's event
 * address. On one node the records travel by reference through a local codec
 * ({@link org.canal.media.api.MediaCodecs}); when nodes become several, cluster codecs encode them.
 *
 * <p>The API speaks of calls, sessions, transports and tracks. It knows nothing of tokens, users or
 * SDP text: signaling turns SDP into these records and back.
 */
package org.canal.media.api;

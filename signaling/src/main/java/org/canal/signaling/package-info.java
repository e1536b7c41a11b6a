/**
 * Signaling: the WebSocket verticle that authorises joins (JWT, invites) and negotiates SDP with browsers. It arrives with issue 3; it reaches the media engine only through typed event-bus commands.
 */
package org.canal.signaling;

/**
 * The media engine: ICE-lite, DTLS-SRTP and RTP/RTCP forwarding on Vert.x event loops. It arrives with issue 3 (first real call); it will use only the protocol core's data-plane API.
 */
package org.canal.media;

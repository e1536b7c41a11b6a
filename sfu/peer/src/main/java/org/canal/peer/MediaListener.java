package org.canal.peer;

/**
 * Receives what a {@link PeerSession} decrypted, on the session's receive thread. The bytes are valid
 * only during the call ({@code buf} is reused for the next datagram): copy what you keep. A listener
 * must not block; an exception it throws is counted and the packet dropped.
 */
public interface MediaListener {
    /** A listener that ignores everything (the session still counts what it receives). */
    MediaListener NONE = new MediaListener() {
        @Override
        public void onRtp(byte[] buf, int off, int len) {
        }
    };

    /** An RTP packet (header and payload) decrypted from SRTP. */
    void onRtp(byte[] buf, int off, int len);

    /** An RTCP compound packet decrypted from SRTCP. */
    default void onRtcp(byte[] buf, int off, int len) {
    }
}

package org.canal.protocol.demux;

/**
 * What a datagram received on a WebRTC 5-tuple carries, told from its first bytes.
 *
 * <p>RFC 7983 section 7 ranges of the first byte:
 * <pre>
 *                  +----------------+
 *                  |        [0..3] -+--&gt; STUN
 *                  |      [16..19] -+--&gt; ZRTP
 *      packet --&gt;  |      [20..63] -+--&gt; DTLS
 *                  |      [64..79] -+--&gt; TURN channel
 *                  |    [128..191] -+--&gt; RTP / RTCP
 *                  +----------------+
 * </pre>
 * RTP and RTCP multiplexed on one port (RFC 5761 section 4) are told apart by the second byte: the
 * RTCP packet types 192-223 (SR 200, RR 201, SDES 202, BYE 203, APP 204, RTPFB 205, PSFB 206, ...)
 * fill that byte where RTP has the marker bit and a payload type of 64-95, which RTP/RTCP
 * multiplexing forbids for RTP payload types.
 *
 * <p>A datagram shorter than the smallest message of its kind is {@link #UNKNOWN}: STUN 20 bytes
 * (RFC 8489 section 5), ZRTP 12 (RFC 6189 section 5), DTLS 13 (the record header, RFC 6347 section
 * 4.1), TURN ChannelData 4 (RFC 8656 section 12.4), RTP 12 (RFC 3550 section 5.1) and RTCP 8 (a
 * receiver report without report blocks, RFC 3550 section 6.4.2). Stateless and allocation-free.
 */
public enum PacketKind {
    STUN,
    ZRTP,
    DTLS,
    TURN_CHANNEL,
    RTP,
    RTCP,
    UNKNOWN;

    /** Shortest STUN message: its header. */
    public static final int MIN_STUN_LENGTH = 20;
    /** Shortest ZRTP packet: its header with the preamble. */
    public static final int MIN_ZRTP_LENGTH = 12;
    /** Shortest DTLS datagram: one record header. */
    public static final int MIN_DTLS_LENGTH = 13;
    /** Shortest TURN ChannelData message: channel number and length. */
    public static final int MIN_TURN_CHANNEL_LENGTH = 4;
    /** Shortest RTP packet: the fixed header. */
    public static final int MIN_RTP_LENGTH = 12;
    /** Shortest RTCP packet: a receiver report without report blocks. */
    public static final int MIN_RTCP_LENGTH = 8;

    private static final int STUN_LAST = 3;
    private static final int ZRTP_FIRST = 16;
    private static final int ZRTP_LAST = 19;
    private static final int DTLS_FIRST = 20;
    private static final int DTLS_LAST = 63;
    private static final int TURN_CHANNEL_FIRST = 64;
    private static final int TURN_CHANNEL_LAST = 79;
    private static final int RTP_FIRST = 128;
    private static final int RTP_LAST = 191;
    private static final int RTCP_TYPE_FIRST = 192;
    private static final int RTCP_TYPE_LAST = 223;

    /** Classifies the datagram at {@code buf[off, off+len)}; never throws for any content. */
    public static PacketKind of(byte[] buf, int off, int len) {
        if (len <= 0) {
            return UNKNOWN;
        }
        int b0 = buf[off] & 0xFF;
        if (b0 <= STUN_LAST) {
            return len >= MIN_STUN_LENGTH ? STUN : UNKNOWN;
        }
        if (b0 >= ZRTP_FIRST && b0 <= ZRTP_LAST) {
            return len >= MIN_ZRTP_LENGTH ? ZRTP : UNKNOWN;
        }
        if (b0 >= DTLS_FIRST && b0 <= DTLS_LAST) {
            return len >= MIN_DTLS_LENGTH ? DTLS : UNKNOWN;
        }
        if (b0 >= TURN_CHANNEL_FIRST && b0 <= TURN_CHANNEL_LAST) {
            return len >= MIN_TURN_CHANNEL_LENGTH ? TURN_CHANNEL : UNKNOWN;
        }
        if (b0 >= RTP_FIRST && b0 <= RTP_LAST && len >= 2) {
            int b1 = buf[off + 1] & 0xFF;
            if (b1 >= RTCP_TYPE_FIRST && b1 <= RTCP_TYPE_LAST) {
                return len >= MIN_RTCP_LENGTH ? RTCP : UNKNOWN;
            }
            return len >= MIN_RTP_LENGTH ? RTP : UNKNOWN;
        }
        return UNKNOWN;
    }
}

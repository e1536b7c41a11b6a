package org.canal.protocol.srtp;

import org.canal.protocol.BigEndian;
import org.canal.protocol.rtp.RtpMalformation;
import org.canal.protocol.rtp.RtpPacket;

/**
 * SRTP and SRTCP for one direction of one DTLS-SRTP association (RFC 3711, RFC 7714): the session
 * keys derived from one master key and salt, and the per-SSRC state (rollover counters, SRTCP
 * indices, replay windows) of the streams sent or received under them.
 *
 * <p>Protect and unprotect work in place on {@code buf[off, off+len)} and return the new length,
 * or a negative value naming the refusal ({@link SrtpMalformation#ofResult(int)}; the last refusal
 * is also {@link #malformation()}). They never throw and never write outside
 * {@code [off, off + len + overhead)}; protect needs the tag's room after the packet
 * ({@link SrtpProfile#srtpTagLength()}, {@link SrtpProfile#srtcpOverhead()}) and refuses if the
 * array is short. Canal allocates nothing per packet; JCE's GCM allocates inside (see
 * {@link AesGcmCipher}).
 *
 * <p>Unprotecting reads the packet index first, refuses replays cheaply, then authenticates, and
 * only after the tag matched decrypts and updates the stream's ROC and replay window, so a forged
 * packet changes no state; a new SSRC takes a place in the table only once its first packet
 * authenticated. A context keeps sent and received state apart, but the usual set-up is two
 * contexts per association: one with the local keys that protects, one with the remote keys that
 * unprotects ({@link SrtpKeyingMaterial}).
 *
 * <p>Key derivation rate 0 and no MKI, as in WebRTC. The SRTCP index starts at 0 per SSRC; the
 * sending ROC is estimated from the sequence numbers protected, like the receiving one (RFC 3711
 * section 3.3.1), so a forwarder may protect slightly reordered packets.
 *
 * <p>Not thread-safe: one thread at a time (the event loop owning the transport).
 */
public final class SrtpContext {
    /** SSRCs one context tracks unless told otherwise: a browser's audio, video, RTX and RTCP-only SSRCs fit. */
    public static final int DEFAULT_MAX_STREAMS = 64;

    static final int SRTCP_INDEX_LENGTH = 4;
    static final int SRTCP_E_FLAG = 0x8000_0000;
    static final int SRTCP_INDEX_MASK = 0x7FFF_FFFF;

    private static final int RTP_FIXED_HEADER = 12;
    private static final int RTCP_HEADER = 8;
    private static final int SEQ_AT = 2;
    private static final int RTP_SSRC_AT = 8;
    private static final int RTCP_SSRC_AT = 4;
    private static final int VERSION_SHIFT = 6;
    private static final int VERSION_2 = 2;
    private static final int MAX_PACKET = 0xFFFF;
    private static final long MAX_ROC = 0xFFFF_FFFFL;
    private static final long HALF_SEQ = 0x8000;

    private final SrtpProfile profile;
    private final SrtpCipher cipher;
    private final SrtpStreamTable streams;
    private SrtpMalformation malformation;

    SrtpContext(SrtpProfile profile, SrtpSessionKeys rtp, SrtpSessionKeys rtcp, int maxStreams) {
        this.profile = profile;
        this.streams = new SrtpStreamTable(maxStreams);
        this.cipher = profile.isAead() ? new AesGcmCipher(rtp, rtcp) : new AesCmHmacSha1Cipher(profile, rtp, rtcp);
    }

    /** A context for {@code masterKey} and {@code masterSalt}, which must have the profile's lengths. */
    public static SrtpContext create(SrtpProfile profile, byte[] masterKey, byte[] masterSalt) {
        return create(profile, masterKey, masterSalt, DEFAULT_MAX_STREAMS);
    }

    /** As {@link #create(SrtpProfile, byte[], byte[])}, tracking at most {@code maxStreams} SSRCs (1 to 65536). */
    public static SrtpContext create(SrtpProfile profile, byte[] masterKey, byte[] masterSalt, int maxStreams) {
        return new SrtpContext(profile,
                SrtpKeyDerivation.derive(profile, masterKey, masterSalt, false),
                SrtpKeyDerivation.derive(profile, masterKey, masterSalt, true),
                maxStreams);
    }

    public SrtpProfile profile() {
        return profile;
    }

    /** Why the last refused call was refused; null if the last call succeeded. */
    public SrtpMalformation malformation() {
        return malformation;
    }

    /** SSRCs this context tracks. */
    public int streamCount() {
        return streams.count();
    }

    /**
     * Encrypts the RTP packet in {@code buf[off, off+len)} and appends its tag.
     *
     * @return the SRTP packet's length ({@code len + profile().srtpTagLength()}), or a negative refusal
     */
    public int protectRtp(byte[] buf, int off, int len) {
        int header = checkRtp(buf, off, len, 0);
        if (header < 0) {
            return header;
        }
        int tag = profile.srtpTagLength();
        if (buf.length - off - len < tag) {
            return refuse(SrtpMalformation.NO_TAILROOM);
        }
        int ssrc = BigEndian.i32(buf, off + RTP_SSRC_AT);
        int slot = streams.find(ssrc);
        if (slot == SrtpStreamTable.FULL) {
            return refuse(SrtpMalformation.TOO_MANY_STREAMS);
        }
        if (slot < 0) {
            slot = streams.claim(~slot, ssrc);
        }
        int seq = BigEndian.u16(buf, off + SEQ_AT);
        long index = estimateIndex(streams.rtpSent(slot), seq);
        if (index < 0) {
            return refuse(index == -1 ? SrtpMalformation.TOO_OLD : SrtpMalformation.KEY_EXHAUSTED);
        }
        if (!cipher.protectRtp(buf, off, header, len, ssrc, (int) (index >>> 16), seq)) {
            return refuse(SrtpMalformation.CIPHER_FAILED);
        }
        streams.rtpSent(slot, index);
        return accept(len + tag);
    }

    /**
     * Authenticates and decrypts the SRTP packet in {@code buf[off, off+len)}.
     *
     * @return the RTP packet's length ({@code len - profile().srtpTagLength()}), or a negative refusal
     */
    public int unprotectRtp(byte[] buf, int off, int len) {
        int tag = profile.srtpTagLength();
        int header = checkRtp(buf, off, len, tag);
        if (header < 0) {
            return header;
        }
        int ssrc = BigEndian.i32(buf, off + RTP_SSRC_AT);
        int slot = streams.find(ssrc);
        if (slot == SrtpStreamTable.FULL) {
            return refuse(SrtpMalformation.TOO_MANY_STREAMS);
        }
        int seq = BigEndian.u16(buf, off + SEQ_AT);
        long index = estimateIndex(streams.rtpReceived(slot), seq);
        if (index < 0) {
            return refuse(index == -1 ? SrtpMalformation.TOO_OLD : SrtpMalformation.KEY_EXHAUSTED);
        }
        int replay = streams.checkRtp(slot, index);
        if (replay != SrtpStreamTable.FRESH) {
            return refuse(replay == SrtpStreamTable.REPLAYED ? SrtpMalformation.REPLAYED : SrtpMalformation.TOO_OLD);
        }
        if (!cipher.unprotectRtp(buf, off, header, len, ssrc, (int) (index >>> 16), seq)) {
            return refuse(SrtpMalformation.AUTHENTICATION_FAILED);
        }
        if (slot < 0) {
            slot = streams.claim(~slot, ssrc);
        }
        streams.commitRtp(slot, index);
        return accept(len - tag);
    }

    /**
     * Encrypts the RTCP packet (a whole compound packet) in {@code buf[off, off+len)} and appends
     * the E flag, SRTCP index and tag, in the profile's order.
     *
     * @return the SRTCP packet's length ({@code len + profile().srtcpOverhead()}), or a negative refusal
     */
    public int protectRtcp(byte[] buf, int off, int len) {
        int checked = checkRtcp(buf, off, len, 0);
        if (checked < 0) {
            return checked;
        }
        if (buf.length - off - len < profile.srtcpOverhead()) {
            return refuse(SrtpMalformation.NO_TAILROOM);
        }
        int ssrc = BigEndian.i32(buf, off + RTCP_SSRC_AT);
        int slot = streams.find(ssrc);
        if (slot == SrtpStreamTable.FULL) {
            return refuse(SrtpMalformation.TOO_MANY_STREAMS);
        }
        if (slot < 0) {
            slot = streams.claim(~slot, ssrc);
        }
        long index = streams.rtcpNext(slot);
        if (index > SRTCP_INDEX_MASK) {
            return refuse(SrtpMalformation.KEY_EXHAUSTED);
        }
        int newLength = cipher.protectRtcp(buf, off, len, ssrc, (int) index);
        if (newLength < 0) {
            return refuse(SrtpMalformation.CIPHER_FAILED);
        }
        streams.rtcpNext(slot, index + 1);
        return accept(newLength);
    }

    /**
     * Authenticates the SRTCP packet in {@code buf[off, off+len)} and decrypts it if its E flag is
     * set (an unencrypted SRTCP packet is accepted once authenticated).
     *
     * @return the RTCP packet's length ({@code len - profile().srtcpOverhead()}), or a negative refusal
     */
    public int unprotectRtcp(byte[] buf, int off, int len) {
        int checked = checkRtcp(buf, off, len, profile.srtcpOverhead());
        if (checked < 0) {
            return checked;
        }
        int ssrc = BigEndian.i32(buf, off + RTCP_SSRC_AT);
        int slot = streams.find(ssrc);
        if (slot == SrtpStreamTable.FULL) {
            return refuse(SrtpMalformation.TOO_MANY_STREAMS);
        }
        int word = BigEndian.i32(buf, off + cipher.rtcpIndexOffset(len));
        long index = word & SRTCP_INDEX_MASK;
        int replay = streams.checkRtcp(slot, index);
        if (replay != SrtpStreamTable.FRESH) {
            return refuse(replay == SrtpStreamTable.REPLAYED ? SrtpMalformation.REPLAYED : SrtpMalformation.TOO_OLD);
        }
        int rtcpLength = cipher.unprotectRtcp(buf, off, len, ssrc, word);
        if (rtcpLength < 0) {
            return refuse(SrtpMalformation.AUTHENTICATION_FAILED);
        }
        if (slot < 0) {
            slot = streams.claim(~slot, ssrc);
        }
        streams.commitRtcp(slot, index);
        return accept(rtcpLength);
    }

    /** Sets the next SRTCP index to send for {@code ssrc}, for the RFC 7714 section 17 vectors. */
    void nextSrtcpIndex(int ssrc, int index) {
        int slot = streams.find(ssrc);
        if (slot < 0) {
            slot = streams.claim(~slot, ssrc);
        }
        streams.rtcpNext(slot, index);
    }

    /**
     * The packet index of sequence number {@code seq} given the highest index seen so far (RFC 3711
     * section 3.3.1 and appendix A): the ROC that puts it nearest to the highest sequence number.
     * Returns -1 if it would fall before ROC 0 (before the stream's first packet), -2 if the ROC
     * would overflow 32 bits.
     */
    static long estimateIndex(long highest, int seq) {
        if (highest < 0) {
            return seq;
        }
        long roc = highest >>> 16;
        long last = highest & 0xFFFF;
        long v;
        if (last < HALF_SEQ) {
            v = seq - last > HALF_SEQ ? roc - 1 : roc;
        } else {
            v = last - HALF_SEQ > seq ? roc + 1 : roc;
        }
        if (v < 0) {
            return -1;
        }
        if (v > MAX_ROC) {
            return -2;
        }
        return v << 16 | seq;
    }

    /**
     * The RTP header's length, CSRCs and extension included, of the packet in {@code buf[off, off+len)}
     * (RFC 3550 section 5.1), or a refusal in SRTP's terms. Padding is not looked at: in SRTP it is
     * encrypted.
     */
    static int rtpHeaderLength(byte[] buf, int off, int len) {
        int n = RtpPacket.headerLength(buf, off, len);
        if (n >= 0) {
            return n;
        }
        RtpMalformation why = RtpMalformation.ofCode(n);
        if (why == RtpMalformation.TRUNCATED_FIXED_HEADER) {
            return SrtpMalformation.TOO_SHORT.asResult();
        }
        if (why == RtpMalformation.UNSUPPORTED_VERSION) {
            return SrtpMalformation.NOT_VERSION_2.asResult();
        }
        return SrtpMalformation.HEADER_OVERRUN.asResult();
    }

    /** Checks the range and the RTP header of a packet that carries {@code trailer} bytes after it. */
    private int checkRtp(byte[] buf, int off, int len, int trailer) {
        int range = checkRange(buf, off, len, RTP_FIXED_HEADER + trailer);
        if (range < 0) {
            return range;
        }
        int header = rtpHeaderLength(buf, off, len - trailer);
        if (header < 0) {
            malformation = SrtpMalformation.ofResult(header);
        }
        return header;
    }

    private int checkRtcp(byte[] buf, int off, int len, int trailer) {
        int range = checkRange(buf, off, len, RTCP_HEADER + trailer);
        if (range < 0) {
            return range;
        }
        if ((buf[off] & 0xFF) >>> VERSION_SHIFT != VERSION_2) {
            return refuse(SrtpMalformation.NOT_VERSION_2);
        }
        return 0;
    }

    private int checkRange(byte[] buf, int off, int len, int minimum) {
        if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
            return refuse(SrtpMalformation.INVALID_RANGE);
        }
        if (len < minimum) {
            return refuse(SrtpMalformation.TOO_SHORT);
        }
        if (len > MAX_PACKET) {
            return refuse(SrtpMalformation.TOO_LONG);
        }
        return 0;
    }

    private int refuse(SrtpMalformation reason) {
        malformation = reason;
        return reason.asResult();
    }

    private int accept(int length) {
        malformation = null;
        return length;
    }
}

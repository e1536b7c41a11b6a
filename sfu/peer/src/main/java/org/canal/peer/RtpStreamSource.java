package org.canal.peer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

import org.canal.protocol.rtp.RtpHeaderExtensionCursor;
import org.canal.protocol.rtp.RtpPacket;
import org.canal.protocol.rtp.RtpPacketWriter;

/**
 * A synthetic RTP stream for tests and load (RFC 3550 section 5.1): one SSRC and payload type,
 * sequence numbers counting up from a start, a timestamp advancing by one frame's worth of the clock
 * rate every {@code packetsPerFrame} packets, the marker bit on each frame's last packet if asked (video,
 * RFC 7741 section 4.1; audio leaves it clear except at talkspurt starts, RFC 3551 section 4.1), an optional
 * MID in a one-byte header extension (RFC 8285, RFC 8843 section 15), and a payload of a fixed size
 * whose bytes follow a pattern a receiver can check: byte {@code i} of the payload of the packet with
 * sequence number {@code s} is {@code (s * 31 + i) & 0xFF} ({@link #hasPattern}).
 *
 * <p>{@link #next} writes the next packet into a caller's array and allocates nothing. Not thread-safe.
 */
public final class RtpStreamSource {
    /** Bytes after the packet that SRTP needs for its tag; {@link #next} leaves them free. */
    public static final int SRTP_TAILROOM = 16;
    private static final int PATTERN_STEP = 31;

    private final long ssrc;
    private final int payloadType;
    private final long timestampStep;
    private final int packetsPerFrame;
    private final boolean markFrameEnds;
    private final byte[] payload;
    private final int midExtensionId;
    private final byte[] mid;
    private final RtpPacketWriter writer = new RtpPacketWriter();
    private int sequenceNumber;
    private long timestamp;
    private int inFrame;
    private long packetsWritten;

    private RtpStreamSource(Builder b) {
        this.ssrc = b.ssrc;
        this.payloadType = b.payloadType;
        this.timestampStep = b.clockRate * b.frameInterval.toNanos() / 1_000_000_000L;
        this.packetsPerFrame = b.packetsPerFrame;
        this.markFrameEnds = b.markFrameEnds;
        this.payload = new byte[b.payloadSize];
        this.midExtensionId = b.midExtensionId;
        this.mid = b.mid == null ? null : b.mid.getBytes(StandardCharsets.US_ASCII);
        this.sequenceNumber = b.firstSequenceNumber;
        this.timestamp = b.firstTimestamp;
    }

    /**
     * A stream of {@code payloadSize}-byte packets, one per 20 ms frame: e.g. Opus-like audio is
     * {@code builder(ssrc, 111, 48_000, 160)}, video
     * {@code builder(ssrc, 96, 90_000, 1_100).packetsPerFrame(5).markFrameEnds(true)}.
     */
    public static Builder builder(long ssrc, int payloadType, int clockRate, int payloadSize) {
        return new Builder(ssrc, payloadType, clockRate, payloadSize);
    }

    /**
     * Writes the next packet at {@code buf[off]} and advances the stream.
     *
     * @return the packet's length; {@code buf} must hold it plus {@link #SRTP_TAILROOM} bytes to protect in place
     */
    public int next(byte[] buf, int off) {
        boolean lastOfFrame = inFrame == packetsPerFrame - 1;
        writer.start(buf, off).marker(markFrameEnds && lastOfFrame).payloadType(payloadType)
                .sequenceNumber(sequenceNumber).timestamp(timestamp).ssrc(ssrc);
        if (mid != null) {
            writer.beginExtensions(RtpHeaderExtensionCursor.ONE_BYTE_PROFILE).extension(midExtensionId, mid);
        }
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (sequenceNumber * PATTERN_STEP + i);
        }
        int length = writer.payload(payload).finish();
        sequenceNumber = (sequenceNumber + 1) & 0xFFFF;
        inFrame++;
        if (lastOfFrame) {
            inFrame = 0;
            timestamp = (timestamp + timestampStep) & 0xFFFF_FFFFL;
        }
        packetsWritten++;
        return length;
    }

    /** Length of every packet this stream writes. */
    public int packetLength() {
        int extension = mid == null ? 0 : 4 + ((1 + mid.length + 3) & ~3);
        return RtpPacket.FIXED_HEADER_LENGTH + extension + payload.length;
    }

    public long ssrc() {
        return ssrc;
    }

    public int payloadType() {
        return payloadType;
    }

    /** The sequence number the next packet gets. */
    public int nextSequenceNumber() {
        return sequenceNumber;
    }

    /** The timestamp the next packet gets. */
    public long nextTimestamp() {
        return timestamp;
    }

    public long packetsWritten() {
        return packetsWritten;
    }

    /**
     * True if the RTP packet at {@code buf[off, off+len)} parses and its payload has this class's
     * pattern for its sequence number: a receiver's proof that the bytes came through intact.
     */
    public static boolean hasPattern(byte[] buf, int off, int len) {
        RtpPacket packet = new RtpPacket();
        if (!packet.wrap(buf, off, len)) {
            return false;
        }
        int seq = packet.sequenceNumber();
        int at = packet.payloadOffset();
        for (int i = 0; i < packet.payloadLength(); i++) {
            if (buf[at + i] != (byte) (seq * PATTERN_STEP + i)) {
                return false;
            }
        }
        return true;
    }

    /** Builds an {@link RtpStreamSource}. */
    public static final class Builder {
        private final long ssrc;
        private final int payloadType;
        private final int clockRate;
        private final int payloadSize;
        private Duration frameInterval = Duration.ofMillis(20);
        private int packetsPerFrame = 1;
        private boolean markFrameEnds;
        private int firstSequenceNumber;
        private long firstTimestamp;
        private int midExtensionId;
        private String mid;

        private Builder(long ssrc, int payloadType, int clockRate, int payloadSize) {
            if (ssrc < 0 || ssrc > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("SSRC is 32 bits unsigned");
            }
            if (payloadType < 0 || payloadType > 127) {
                throw new IllegalArgumentException("payload type is 7 bits");
            }
            if (clockRate <= 0 || payloadSize < 0) {
                throw new IllegalArgumentException("clock rate must be positive, payload size not negative");
            }
            this.ssrc = ssrc;
            this.payloadType = payloadType;
            this.clockRate = clockRate;
            this.payloadSize = payloadSize;
        }

        /** Time between frames (20 ms unless told): the timestamp advances by clockRate * interval. */
        public Builder frameInterval(Duration frameInterval) {
            this.frameInterval = Objects.requireNonNull(frameInterval);
            return this;
        }

        /** Packets sharing one timestamp (1 unless told). */
        public Builder packetsPerFrame(int packetsPerFrame) {
            if (packetsPerFrame < 1) {
                throw new IllegalArgumentException("at least one packet per frame");
            }
            this.packetsPerFrame = packetsPerFrame;
            return this;
        }

        /** Sets the marker bit on each frame's last packet, as video payload formats do (false unless told). */
        public Builder markFrameEnds(boolean markFrameEnds) {
            this.markFrameEnds = markFrameEnds;
            return this;
        }

        /** RFC 3550 wants random starts; tests like fixed ones. Both default to 0. */
        public Builder firstSequenceNumber(int firstSequenceNumber) {
            this.firstSequenceNumber = firstSequenceNumber & 0xFFFF;
            return this;
        }

        public Builder firstTimestamp(long firstTimestamp) {
            this.firstTimestamp = firstTimestamp & 0xFFFF_FFFFL;
            return this;
        }

        /** Carries {@code mid} (1-16 ASCII bytes) in one-byte header extension element {@code extensionId} (1-14). */
        public Builder mid(int extensionId, String mid) {
            if (extensionId < 1 || extensionId > RtpHeaderExtensionCursor.ONE_BYTE_MAX_ID) {
                throw new IllegalArgumentException("one-byte extension ids are 1-14");
            }
            if (mid.isEmpty() || mid.length() > RtpHeaderExtensionCursor.ONE_BYTE_MAX_DATA_LENGTH) {
                throw new IllegalArgumentException("a MID in a one-byte element is 1-16 bytes");
            }
            this.midExtensionId = extensionId;
            this.mid = mid;
            return this;
        }

        public RtpStreamSource build() {
            return new RtpStreamSource(this);
        }
    }
}

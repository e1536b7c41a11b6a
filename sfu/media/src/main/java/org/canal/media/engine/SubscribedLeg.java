package org.canal.media.engine;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.canal.media.api.Codec;
import org.canal.media.api.HeaderExtension;
import org.canal.media.api.PublishedTrack;
import org.canal.media.api.SubscribedTrack;
import org.canal.protocol.rtcp.SenderReportPacket;
import org.canal.protocol.rtp.RtpHeaderExtensionCursor;
import org.canal.protocol.rtp.RtpPacket;
import org.canal.protocol.rtp.SequenceNumbers;

/**
 * One published track as one subscriber receives it: the SSRC, payload types and header extension ids
 * its SDP negotiated, and the sequence-number and timestamp offsets that keep its stream continuous
 * when the publisher's source changes (new SSRC after a renegotiation or a camera switch). Owned by
 * the call's loop; the rewrite allocates nothing.
 */
final class SubscribedLeg {
    final String trackId;
    final Transport subscriber;
    private SubscribedTrack spec;
    private byte[] mid;
    /** The subscriber's id for the MID extension, 0 when it did not negotiate it. */
    private int midId;
    /** Subscriber payload type by publisher payload type, -1 for a codec the subscriber lacks. */
    private final int[] payloadTypeMap = new int[128];
    /** Subscriber extension id by publisher extension id, 0 to drop the element (RFC 8285). */
    private final int[] extensionIdMap = new int[256];

    private boolean started;
    private long lastSourceSsrc;
    private int sequenceOffset;
    private long timestampOffset;
    private int lastSequence;
    private long lastTimestamp;
    private long lastSentAtNanos;
    /** What Canal sent on this leg since its SSRC was set: the sender info of its SRs (RFC 3550 section 6.4.1). */
    private long packetsSent;
    private long payloadOctetsSent;

    SubscribedLeg(Transport subscriber, SubscribedTrack spec) {
        this.trackId = spec.trackId();
        this.subscriber = subscriber;
        Arrays.fill(payloadTypeMap, -1);
        update(spec);
    }

    void update(SubscribedTrack spec) {
        if (this.spec != null && this.spec.ssrc() != spec.ssrc()) {
            // A new SSRC is a new sender to the subscriber: its counts start at zero (RFC 3550 section 6.4.1).
            packetsSent = 0;
            payloadOctetsSent = 0;
        }
        this.spec = spec;
        this.mid = spec.mid() == null ? new byte[0] : spec.mid().getBytes(StandardCharsets.US_ASCII);
        this.midId = 0;
        for (HeaderExtension e : spec.extensions()) {
            if (Transport.MID_URI.equals(e.uri())) {
                midId = e.id();
            }
        }
    }

    /**
     * The MID element a forwarded packet carries names the publisher's media section; the subscriber's
     * browser demultiplexes by MID before SSRC (RFC 8843 section 9.2), so the value must become this
     * leg's mid. It is overwritten in place when the lengths agree, else the element is zeroed into
     * padding (RFC 8285 section 4.1) and the subscriber falls back to the SSRC its SDP declared.
     */
    void rewriteMid(RtpPacket out, RtpHeaderExtensionCursor cursor) {
        if (midId == 0 || !cursor.find(out, midId)) {
            return;
        }
        byte[] b = cursor.buffer();
        int at = cursor.dataOffset();
        if (cursor.dataLength() == mid.length) {
            System.arraycopy(mid, 0, b, at, mid.length);
        } else {
            Arrays.fill(b, cursor.elementOffset(), at + cursor.dataLength(), (byte) 0);
        }
    }

    long ssrc() {
        return spec.ssrc();
    }

    /** Maps codecs by name/clock/channels and extensions by URI from the publisher's to this subscriber's. */
    void bind(PublishedTrack published) {
        Arrays.fill(payloadTypeMap, -1);
        Arrays.fill(extensionIdMap, 0);
        if (published == null) {
            return;
        }
        for (Codec p : published.codecs()) {
            for (Codec s : spec.codecs()) {
                if (p.sameCodecAs(s)) {
                    payloadTypeMap[p.payloadType()] = s.payloadType();
                    break;
                }
            }
        }
        for (HeaderExtension p : published.extensions()) {
            for (HeaderExtension s : spec.extensions()) {
                if (p.uri().equals(s.uri())) {
                    extensionIdMap[p.id()] = s.id();
                    break;
                }
            }
        }
    }

    int[] extensionIdMap() {
        return extensionIdMap;
    }

    /** The subscriber's payload type for the publisher's {@code pt}, or -1. */
    int mapPayloadType(int pt) {
        return payloadTypeMap[pt & 0x7F];
    }

    /**
     * Rewrites SSRC, sequence number and timestamp of {@code out} (a copy of the publisher's packet) so
     * this leg's stream stays continuous. {@code clockRate} times the wall-clock gap bridges timestamps
     * when the source changes.
     */
    void rewriteSequence(RtpPacket out, long sourceSsrc, long nowNanos, int clockRate) {
        int seq = out.sequenceNumber();
        long ts = out.timestamp();
        if (!started) {
            started = true;
            lastSourceSsrc = sourceSsrc;
            sequenceOffset = 0;
            timestampOffset = 0;
            lastSequence = (seq - 1) & 0xFFFF;
            lastTimestamp = ts;
            lastSentAtNanos = nowNanos;
        } else if (sourceSsrc != lastSourceSsrc) {
            // New source: continue right after the last number sent, as if nothing had happened.
            lastSourceSsrc = sourceSsrc;
            sequenceOffset = (lastSequence + 1 - seq) & 0xFFFF;
            long gap = Math.max(1, (nowNanos - lastSentAtNanos) / 1_000 * clockRate / 1_000_000);
            timestampOffset = (lastTimestamp + gap - ts) & 0xFFFF_FFFFL;
        }
        int outSeq = (seq + sequenceOffset) & 0xFFFF;
        long outTs = (ts + timestampOffset) & 0xFFFF_FFFFL;
        if (SequenceNumbers.isNewer(outSeq, lastSequence)) {
            lastSequence = outSeq;
            lastTimestamp = outTs;
            lastSentAtNanos = nowNanos;
        }
        out.setSsrc(spec.ssrc());
        out.setSequenceNumber(outSeq);
        out.setTimestamp(outTs);
    }

    /** One rewritten packet went out on this leg carrying {@code payloadOctets} (no header, no padding). */
    void countSent(int payloadOctets) {
        packetsSent++;
        payloadOctetsSent += payloadOctets;
    }

    /**
     * Whether an SR of {@code sourceSsrc} can be translated for this leg: only once a packet of that
     * source went out here, because before that the timestamp offset of the source is not fixed yet
     * (it is chosen by the first packet after a source change).
     */
    boolean forwardsSource(long sourceSsrc) {
        return started && lastSourceSsrc == sourceSsrc;
    }

    /**
     * Writes the SR this leg's subscriber gets for the publisher's {@code sr} (RFC 3550 section 6.4.1):
     * sender SSRC is this leg's, the NTP timestamp is kept (it is the publisher's wall clock, which is
     * what lip sync between its audio and video needs), the RTP timestamp moves by the same offset as the
     * leg's packets, and the counts are what Canal sent on this leg. No report blocks: Canal's reports
     * about the publisher go to the publisher, not through here. Call only when
     * {@link #forwardsSource} holds.
     *
     * @return the SR's length in bytes at {@code b[off]}
     */
    int writeSenderReport(byte[] b, int off, SenderReportPacket sr) {
        SenderReportPacket.write(b, off, spec.ssrc(), sr.ntpTimestamp(),
                (sr.rtpTimestamp() + timestampOffset) & 0xFFFF_FFFFL,
                packetsSent & 0xFFFF_FFFFL, payloadOctetsSent & 0xFFFF_FFFFL, 0);
        return SenderReportPacket.lengthFor(0);
    }
}

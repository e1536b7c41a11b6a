package org.canal.media.engine;

import java.net.InetSocketAddress;
import org.canal.media.api.TransportDirection;
import org.canal.protocol.rtcp.PictureLossIndicationPacket;
import org.canal.protocol.rtcp.ReceiverReportPacket;
import org.canal.protocol.rtcp.RtcpCompoundReader;
import org.canal.protocol.rtcp.RtcpHeader;
import org.canal.protocol.rtcp.RtcpPacketKind;
import org.canal.protocol.rtcp.SenderReportPacket;

/**
 * The RTCP of one transport: what its browser's compound packets carry that Canal acts on (a
 * publisher's sender reports, forwarded to the legs of its track; a subscriber's PLI and FIR, turned
 * into a PLI to the publisher), and what Canal sends the browser of its own (receiver reports and PLIs
 * to a publisher). It holds no state of its own: the throttles live in each {@link PublishedSource}.
 * Loop thread only; allocates nothing.
 */
final class TransportRtcp {
    private static final int MAX_REPORT_BLOCKS = RtcpHeader.MAX_COUNT;

    private final Transport transport;
    private final MediaLoop loop;
    private final Call call;
    private final PublishedRtp published;
    private final SubscribedLegs subscribed;

    TransportRtcp(Transport transport, PublishedRtp published, SubscribedLegs subscribed) {
        this.transport = transport;
        this.loop = transport.loop;
        this.call = transport.call;
        this.published = published;
        this.subscribed = subscribed;
    }

    /** A decrypted compound packet, wrapped in {@code reader}: each packet in it, in order. */
    void onCompound(RtcpCompoundReader reader, long now) {
        while (reader.next()) {
            switch (RtcpPacketKind.of(reader)) {
                case SENDER_REPORT -> {
                    if (loop.senderReport.wrap(reader)) {
                        onSenderReport(loop.senderReport, now);
                    }
                }
                case PICTURE_LOSS_INDICATION -> {
                    if (loop.pli.wrap(reader)) {
                        keyframeFor(loop.pli.mediaSsrc(), now);
                    }
                }
                case FULL_INTRA_REQUEST -> {
                    if (loop.fir.wrap(reader)) {
                        for (int i = 0; i < loop.fir.entryCount(); i++) {
                            keyframeFor(loop.fir.entrySsrc(i), now);
                        }
                    }
                }
                default -> {
                    // RR, SDES, BYE, NACK, REMB, transport-cc: nothing Canal acts on yet (no RTX, no BWE).
                }
            }
        }
    }

    /**
     * A publisher's SR: its NTP timestamp is the LSR of Canal's next receiver report, and every leg of
     * its track gets its own translation, so the subscriber's browser can map each stream's RTP
     * timestamps to the publisher's wall clock (lip sync between a participant's audio and video).
     */
    private void onSenderReport(SenderReportPacket sr, long now) {
        PublishedSource source = published.sourceBySsrc(sr.senderSsrc());
        if (source == null) {
            transport.drops.count(DropReason.SR_UNKNOWN_SSRC);
            return;
        }
        source.reception.onSenderReport(sr.ntpTimestamp(), now);
        for (SubscribedLeg leg : source.legs) {
            forwardSenderReport(leg, sr);
        }
    }

    /**
     * Sends {@code leg}'s subscriber the SR translated for that leg, alone: reduced-size RTCP (RFC 5506),
     * as for Canal's other RTCP, since browsers negotiate {@code a=rtcp-rsize}.
     */
    private void forwardSenderReport(SubscribedLeg leg, SenderReportPacket sr) {
        Transport to = leg.subscriber;
        InetSocketAddress address = to.sendingAddress();
        if (address == null) {
            to.drops.count(DropReason.SUBSCRIBER_NOT_CONNECTED);
            return;
        }
        if (!leg.forwardsSource(sr.senderSsrc())) {
            to.drops.count(DropReason.SR_BEFORE_MEDIA);
            return;
        }
        byte[] b = loop.scratch;
        int n = leg.writeSenderReport(b, 0, sr);
        int m = to.sending.protectRtcp(b, 0, n);
        if (m < 0) {
            to.drops.countSrtcp(m);
            return;
        }
        loop.send(b, 0, m, address);
        to.rtcpSent++;
        to.senderReportsSent++;
    }

    /** A subscriber asked for a keyframe of the leg it receives as {@code ssrc}. */
    private void keyframeFor(long ssrc, long now) {
        SubscribedLeg leg = subscribed.sentAs(ssrc);
        if (leg == null) {
            return;
        }
        PublishedSource s = call.source(leg.trackId);
        if (s != null) {
            s.publisher.requestKeyframe(s, now);
        }
    }

    /** Sends a PLI (RFC 4585 section 6.3.1) for {@code source}, at most one per track per 500 ms. */
    void requestKeyframe(PublishedSource source, long now) {
        InetSocketAddress to = transport.sendingAddress();
        if (to == null || source.sourceSsrc < 0) {
            source.keyframeWanted = true;
            return;
        }
        source.keyframeWanted = false;
        if (now - source.lastPliAtNanos < PublishedSource.PLI_INTERVAL_NANOS) {
            return;
        }
        source.lastPliAtNanos = now;
        byte[] b = loop.scratch;
        int n = PictureLossIndicationPacket.write(b, 0, transport.localSsrc, source.sourceSsrc);
        int m = transport.sending.protectRtcp(b, 0, n);
        if (m < 0) {
            transport.drops.countSrtcp(m);
            return;
        }
        loop.send(b, 0, m, to);
        transport.rtcpSent++;
    }

    /** About once a second: one RR with a report block per source heard (RFC 3550 section 6.4.2). */
    void sendReceiverReports(long now) {
        if (transport.direction != TransportDirection.PUBLISH) {
            return;
        }
        InetSocketAddress to = transport.sendingAddress();
        if (to == null) {
            return;
        }
        byte[] b = loop.scratch;
        int at = ReceiverReportPacket.REPORT_BLOCKS;
        int count = 0;
        for (PublishedSource s : published.sources()) {
            if (count < MAX_REPORT_BLOCKS && s.sourceSsrc >= 0 && s.reception.started()) {
                at += s.reception.writeBlock(b, at, s.sourceSsrc, now);
                count++;
            }
        }
        if (count == 0) {
            return;
        }
        ReceiverReportPacket.write(b, 0, transport.localSsrc, count);
        int m = transport.sending.protectRtcp(b, 0, ReceiverReportPacket.lengthFor(count));
        if (m < 0) {
            transport.drops.countSrtcp(m);
            return;
        }
        loop.send(b, 0, m, to);
        transport.rtcpSent++;
    }
}

package org.canal.media.engine;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.canal.media.api.CallStats;
import org.canal.media.api.PublishedTrack;
import org.canal.media.api.SubscribedTrack;
import org.canal.media.api.TransportDirection;
import org.canal.media.dtls.DtlsHandshaker;
import org.canal.media.ice.IceCheckOutcome;
import org.canal.media.ice.IceLiteAgent;
import org.canal.protocol.rtcp.ReceiverReportPacket;
import org.canal.protocol.rtcp.ReportBlock;
import org.canal.protocol.rtcp.PictureLossIndicationPacket;
import org.canal.protocol.rtcp.RtcpCompoundReader;
import org.canal.protocol.rtcp.RtcpHeader;
import org.canal.protocol.rtcp.RtcpPacketKind;
import org.canal.protocol.rtcp.SenderReportPacket;
import org.canal.protocol.rtp.RtpHeaderExtensionCursor;
import org.canal.protocol.rtp.RtpPacket;
import org.canal.protocol.srtp.SrtpContext;
import org.canal.protocol.srtp.SrtpKeyingMaterial;
import org.canal.protocol.srtp.SrtpProfile;
import org.canal.protocol.stun.StunMessage;
import org.canal.protocol.stun.StunMessageClass;
import org.canal.protocol.stun.StunTransportAddress;

/**
 * One ICE/DTLS-SRTP transport (one browser PeerConnection) on its call's loop: ICE-lite answers, the
 * DTLS handshake's hand-off, the two SRTP contexts, and what flows through it. A PUBLISH transport
 * receives a browser's tracks and fans each packet out to the subscriber legs; a SUBSCRIBE transport
 * sends legs to its browser and takes its RTCP feedback.
 *
 * <p>Everything but the constructor runs on the loop thread; the DTLS worker reaches it only through
 * {@link MediaLoop#execute}.
 */
final class Transport {
    enum State { NEW, CHECKING, CONNECTED, CLOSED }

    static final String MID_URI = "urn:ietf:params:rtp-hdrext:sdes:mid";
    private static final int MAX_ADDRESSES = 8;
    private static final int MAX_SSRCS = 32;
    private static final byte[] BAD_REQUEST = "Bad Request".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UNAUTHORIZED = "Unauthorized".getBytes(StandardCharsets.US_ASCII);
    private static final int STUN_RESPONSE_CAPACITY = 256;
    private static final int MAX_REPORT_BLOCKS = RtcpHeader.MAX_COUNT;

    final String id;
    final String sessionId;
    final TransportDirection direction;
    final Call call;
    final MediaLoop loop;
    final IceLiteAgent ice;
    /** Canal's SSRC on this transport's RTCP (receiver reports, PLIs). */
    final long localSsrc;
    private final DtlsHandshaker.Session dtls;

    State state = State.NEW;
    private byte[] remoteFingerprint;
    private boolean dtlsArrived;
    private SrtpContext sending;
    private SrtpContext receiving;
    private SrtpProfile profile;

    private final List<InetSocketAddress> addresses = new ArrayList<>();
    private final StunTransportAddress mapped = new StunTransportAddress();
    private InetSocketAddress mappedFor;
    private final byte[] transactionId = new byte[StunMessage.TRANSACTION_ID_LENGTH];

    private long rtpReceived;
    private long rtpSent;
    private long rtcpReceived;
    private long rtcpSent;
    private long senderReportsSent;
    final DropCounters drops = new DropCounters();

    // PUBLISH: the browser's tracks, and which SSRC is which
    private final List<PublishedSource> sources = new ArrayList<>();
    private PublishedSource[] sourceArray = new PublishedSource[0];
    private final long[] ssrcKeys = new long[MAX_SSRCS];
    private final PublishedSource[] ssrcSources = new PublishedSource[MAX_SSRCS];
    private int ssrcCount;
    private int midExtensionId;

    // SUBSCRIBE: the legs sent to the browser
    private final List<SubscribedLeg> legs = new ArrayList<>();
    private SubscribedLeg[] legArray = new SubscribedLeg[0];

    Transport(String id, String sessionId, TransportDirection direction, Call call, IceLiteAgent ice, long localSsrc,
            DtlsHandshaker handshaker) {
        this.id = id;
        this.sessionId = sessionId;
        this.direction = direction;
        this.call = call;
        this.loop = call.loop;
        this.ice = ice;
        this.localSsrc = localSsrc;
        this.dtls = handshaker.newSession(new DtlsHandshaker.Callbacks() {
            @Override
            public void send(byte[] datagram) {
                loop.execute(() -> sendDtls(datagram));
            }

            @Override
            public void onKeys(SrtpKeyingMaterial keys) {
                loop.execute(() -> installKeys(keys));
            }

            @Override
            public void onFailed(boolean badCertificate, String why) {
                loop.execute(() -> close("DTLS_FAILED"));
            }

            @Override
            public void onPeerClosed() {
                loop.execute(() -> close("DTLS_CLOSED"));
            }
        });
    }

    boolean connected() {
        return state == State.CONNECTED;
    }

    List<PublishedSource> publishedSources() {
        return sources;
    }

    List<SubscribedLeg> legs() {
        return legs;
    }

    // ---- ICE ----

    void onBindingRequest(StunMessage request, InetSocketAddress from, long now) {
        if (state == State.CLOSED) {
            return;
        }
        IceCheckOutcome outcome = ice.onBindingRequest(request, from, now);
        switch (outcome) {
            case ACCEPTED, ACCEPTED_SELECTED -> {
                if (!addresses.contains(from)) {
                    remember(from);
                }
                answerSuccess(request, from);
                if (outcome == IceCheckOutcome.ACCEPTED_SELECTED) {
                    if (state == State.NEW) {
                        state = State.CHECKING;
                    }
                    maybeStartDtls();
                }
            }
            case REFUSED_MISSING_CREDENTIALS -> {
                drops.count(DropReason.STUN_MISSING_CREDENTIALS);
                answerError(request, from, 400, BAD_REQUEST);
            }
            case REFUSED_WRONG_USERNAME -> {
                drops.count(DropReason.STUN_WRONG_USERNAME);
                answerError(request, from, 401, UNAUTHORIZED);
            }
            case REFUSED_WRONG_INTEGRITY -> {
                drops.count(DropReason.STUN_WRONG_INTEGRITY);
                answerError(request, from, 401, UNAUTHORIZED);
            }
            case DROPPED_NO_FINGERPRINT -> drops.count(DropReason.STUN_NO_FINGERPRINT);
            case DROPPED_BAD_FINGERPRINT -> drops.count(DropReason.STUN_BAD_FINGERPRINT);
        }
    }

    /** A validated address now routes to this transport; the oldest is forgotten beyond a few. */
    private void remember(InetSocketAddress from) {
        if (addresses.size() == MAX_ADDRESSES) {
            // Forget the oldest address that is not the selected one (that one must keep routing here).
            int victim = addresses.get(0).equals(ice.selectedAddress()) ? 1 : 0;
            loop.unroute(addresses.remove(victim), this);
        }
        addresses.add(from);
        loop.route(from, this);
    }

    private void answerSuccess(StunMessage request, InetSocketAddress from) {
        if (!from.equals(mappedFor)) {
            byte[] raw = from.getAddress().getAddress(); // allocates only when the address changes
            mapped.set(raw, 0, raw.length, from.getPort());
            mappedFor = from;
        }
        request.copyTransactionId(transactionId, 0);
        int n = loop.stunWriter.start(loop.scratch, 0, STUN_RESPONSE_CAPACITY, StunMessageClass.SUCCESS_RESPONSE,
                StunMessage.METHOD_BINDING, transactionId, 0)
                .xorMappedAddress(mapped).messageIntegrity(ice.integrity()).fingerprint().finish();
        if (n > 0) {
            loop.send(loop.scratch, 0, n, from);
        }
    }

    /** RFC 8489 section 9.1.3: 400 and 401 carry no MESSAGE-INTEGRITY (the key is what failed). */
    private void answerError(StunMessage request, InetSocketAddress from, int code, byte[] reason) {
        request.copyTransactionId(transactionId, 0);
        int n = loop.stunWriter.start(loop.scratch, 0, STUN_RESPONSE_CAPACITY, StunMessageClass.ERROR_RESPONSE,
                StunMessage.METHOD_BINDING, transactionId, 0)
                .errorCode(code, reason, 0, reason.length).fingerprint().finish();
        if (n > 0) {
            loop.send(loop.scratch, 0, n, from);
        }
    }

    // ---- DTLS ----

    void onDtls(byte[] buf, int len, InetSocketAddress from, long now) {
        if (state == State.CLOSED || !dtls.offer(buf, 0, len)) {
            drops.count(DropReason.DTLS_NOT_ACCEPTED);
            return;
        }
        // The browser sends its ClientHello on the pair it chose, maybe before nominating it.
        ice.preferUntilNominated(from, now);
        dtlsArrived = true;
        maybeStartDtls();
    }

    /**
     * The handshake takes a worker once the peer's address (first authenticated check), its fingerprint
     * and its first DTLS datagram are all here, so a peer that never sends a ClientHello holds no thread.
     */
    private void maybeStartDtls() {
        if (!dtls.started() && dtlsArrived && remoteFingerprint != null && ice.selectedAddress() != null
                && state != State.CLOSED) {
            dtls.start(remoteFingerprint);
        }
    }

    private void sendDtls(byte[] datagram) {
        InetSocketAddress to = ice.selectedAddress();
        if (state != State.CLOSED && to != null) {
            loop.sendNow(datagram, 0, datagram.length, to);
        }
    }

    void installKeys(SrtpKeyingMaterial keys) {
        if (state == State.CLOSED) {
            return;
        }
        // Canal is the DTLS server: it sends with the server's keys and receives with the client's.
        sending = keys.sendingContext(false, SrtpContext.DEFAULT_MAX_STREAMS);
        receiving = keys.receivingContext(false, SrtpContext.DEFAULT_MAX_STREAMS);
        profile = keys.profile();
        state = State.CONNECTED;
        loop.listener.transportConnected(this);
        long now = System.nanoTime();
        for (SubscribedLeg leg : legArray) {
            call.keyframeForNewLeg(leg, now);
        }
        for (PublishedSource s : sourceArray) {
            if (s.keyframeWanted) {
                requestKeyframe(s, now);
            }
        }
        loop.flush();
    }

    SrtpProfile profile() {
        return profile;
    }

    // ---- RTP: a publisher's packet, fanned out ----

    void onSrtp(int len, long now) {
        if (receiving == null) {
            drops.count(DropReason.MEDIA_BEFORE_KEYS);
            return;
        }
        if (direction != TransportDirection.PUBLISH) {
            drops.count(DropReason.RTP_UNEXPECTED);
            return;
        }
        byte[] rx = loop.rx;
        int n = receiving.unprotectRtp(rx, 0, len);
        if (n < 0) {
            drops.countSrtp(n);
            return;
        }
        RtpPacket in = loop.rtpIn;
        if (!in.wrap(rx, 0, n)) {
            drops.count(DropReason.RTP_MALFORMED);
            return;
        }
        rtpReceived++;
        PublishedSource source = sourceOf(in);
        if (source == null) {
            drops.count(DropReason.RTP_UNKNOWN_SSRC);
            return;
        }
        int pt = in.payloadType();
        int clockRate = source.clockRate(pt);
        source.reception.onPacket(in.sequenceNumber(), in.timestamp(), now, clockRate);
        if (source.keyframeWanted) {
            requestKeyframe(source, now);
        }
        for (SubscribedLeg leg : source.legs) {
            forward(leg, n, pt, source, clockRate, now);
        }
    }

    /** Copies the packet in {@code loop.rx}, rewrites it for {@code leg}, protects it and sends it. */
    private void forward(SubscribedLeg leg, int len, int pt, PublishedSource source, int clockRate, long now) {
        Transport to = leg.subscriber;
        InetSocketAddress address = to.ice.selectedAddress();
        if (to.sending == null || address == null || to.state == State.CLOSED) {
            to.drops.count(DropReason.SUBSCRIBER_NOT_CONNECTED);
            return;
        }
        int outPt = leg.mapPayloadType(pt);
        if (outPt < 0) {
            to.drops.count(DropReason.UNKNOWN_CODEC);
            return;
        }
        byte[] s = loop.scratch;
        System.arraycopy(loop.rx, 0, s, 0, len);
        RtpPacket out = loop.rtpOut;
        out.wrap(s, 0, len);
        if (out.hasExtension() && loop.extensionRewriter.rewrite(out, leg.extensionIdMap()) != null) {
            to.drops.count(DropReason.EXTENSION_REWRITE_FAILED);
            return;
        }
        if (out.hasExtension()) {
            leg.rewriteMid(out, loop.extensionCursor);
        }
        out.setPayloadType(outPt);
        leg.rewriteSequence(out, source.sourceSsrc, now, clockRate);
        int payloadOctets = out.payloadLength();
        int n = to.sending.protectRtp(s, 0, len);
        if (n < 0) {
            to.drops.countSrtp(n);
            return;
        }
        loop.send(s, 0, n, address);
        to.rtpSent++;
        leg.countSent(payloadOctets);
    }

    /**
     * The track a packet belongs to: by an SSRC seen before; else by its MID header extension, or by the
     * SSRC its SDP declared, and the SSRC is learned. A track whose packets change SSRC keeps its legs.
     */
    private PublishedSource sourceOf(RtpPacket in) {
        long ssrc = in.ssrc();
        for (int i = 0; i < ssrcCount; i++) {
            if (ssrcKeys[i] == ssrc) {
                return ssrcSources[i];
            }
        }
        PublishedSource found = null;
        RtpHeaderExtensionCursor cursor = loop.extensionCursor;
        if (midExtensionId > 0 && in.hasExtension() && cursor.find(in, midExtensionId)) {
            for (PublishedSource s : sourceArray) {
                if (s.midEquals(cursor.buffer(), cursor.dataOffset(), cursor.dataLength())) {
                    found = s;
                    break;
                }
            }
        }
        if (found == null) {
            for (PublishedSource s : sourceArray) {
                if (s.declaredSsrc() != 0 && s.declaredSsrc() == ssrc) {
                    found = s;
                    break;
                }
            }
        }
        if (found != null) {
            bindSsrc(ssrc, found);
        }
        return found;
    }

    private void bindSsrc(long ssrc, PublishedSource source) {
        unbindSsrcsOf(source);
        if (ssrcCount == MAX_SSRCS) {
            // Forget the oldest binding; its track will be found again by MID or declaration.
            System.arraycopy(ssrcKeys, 1, ssrcKeys, 0, MAX_SSRCS - 1);
            System.arraycopy(ssrcSources, 1, ssrcSources, 0, MAX_SSRCS - 1);
            ssrcCount--;
        }
        ssrcKeys[ssrcCount] = ssrc;
        ssrcSources[ssrcCount] = source;
        ssrcCount++;
        source.setSource(ssrc);
    }

    private void unbindSsrcsOf(PublishedSource source) {
        int w = 0;
        for (int i = 0; i < ssrcCount; i++) {
            if (ssrcSources[i] != source) {
                ssrcKeys[w] = ssrcKeys[i];
                ssrcSources[w] = ssrcSources[i];
                w++;
            }
        }
        for (int i = w; i < ssrcCount; i++) {
            ssrcSources[i] = null;
        }
        ssrcCount = w;
    }

    private PublishedSource sourceBySsrc(long ssrc) {
        for (int i = 0; i < ssrcCount; i++) {
            if (ssrcKeys[i] == ssrc) {
                return ssrcSources[i];
            }
        }
        return null;
    }

    // ---- RTCP ----

    void onSrtcp(int len, long now) {
        if (receiving == null) {
            drops.count(DropReason.MEDIA_BEFORE_KEYS);
            return;
        }
        byte[] rx = loop.rx;
        int n = receiving.unprotectRtcp(rx, 0, len);
        if (n < 0) {
            drops.countSrtcp(n);
            return;
        }
        RtcpCompoundReader reader = loop.rtcpReader;
        if (!reader.wrap(rx, 0, n)) {
            drops.count(DropReason.RTCP_MALFORMED);
            return;
        }
        rtcpReceived++;
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
        PublishedSource source = sourceBySsrc(sr.senderSsrc());
        if (source == null) {
            drops.count(DropReason.SR_UNKNOWN_SSRC);
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
        InetSocketAddress address = to.ice.selectedAddress();
        if (to.sending == null || address == null || to.state == State.CLOSED) {
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
        for (SubscribedLeg leg : legArray) {
            if (leg.ssrc() == ssrc) {
                PublishedSource s = call.source(leg.trackId);
                if (s != null) {
                    s.publisher.requestKeyframe(s, now);
                }
                return;
            }
        }
    }

    /** Sends a PLI (RFC 4585 section 6.3.1) for {@code source}, at most one per track per 500 ms. */
    void requestKeyframe(PublishedSource source, long now) {
        InetSocketAddress to = ice.selectedAddress();
        if (sending == null || to == null || state == State.CLOSED || source.sourceSsrc < 0) {
            source.keyframeWanted = true;
            return;
        }
        source.keyframeWanted = false;
        if (now - source.lastPliAtNanos < PublishedSource.PLI_INTERVAL_NANOS) {
            return;
        }
        source.lastPliAtNanos = now;
        byte[] b = loop.scratch;
        int n = PictureLossIndicationPacket.write(b, 0, localSsrc, source.sourceSsrc);
        int m = sending.protectRtcp(b, 0, n);
        if (m < 0) {
            drops.countSrtcp(m);
            return;
        }
        loop.send(b, 0, m, to);
        rtcpSent++;
    }

    /** About once a second: one RR with a report block per source heard (RFC 3550 section 6.4.2). */
    void sendReceiverReports(long now) {
        InetSocketAddress to = ice.selectedAddress();
        if (direction != TransportDirection.PUBLISH || sending == null || to == null || state == State.CLOSED) {
            return;
        }
        byte[] b = loop.scratch;
        int at = ReceiverReportPacket.REPORT_BLOCKS;
        int count = 0;
        for (PublishedSource s : sourceArray) {
            if (count < MAX_REPORT_BLOCKS && s.sourceSsrc >= 0 && s.reception.started()) {
                at += s.reception.writeBlock(b, at, s.sourceSsrc, now);
                count++;
            }
        }
        if (count == 0) {
            return;
        }
        ReceiverReportPacket.write(b, 0, localSsrc, count);
        int m = sending.protectRtcp(b, 0, ReceiverReportPacket.lengthFor(count));
        if (m < 0) {
            drops.countSrtcp(m);
            return;
        }
        loop.send(b, 0, m, to);
        rtcpSent++;
    }

    // ---- commands (on the loop) ----

    /** The browser's fingerprint and ufrag; the handshake may start now. */
    void connect(String remoteUfrag, byte[] fingerprint) {
        ice.setRemoteUfrag(remoteUfrag);
        if (remoteFingerprint == null) {
            remoteFingerprint = fingerprint.clone();
        }
        maybeStartDtls();
    }

    /**
     * ICE restart: new local credentials on the same transport; DTLS and SRTP continue untouched
     * (RFC 8842 section 5), as do the routes of the addresses already validated.
     */
    void restartIce(String localUfrag, String localPwd, String remoteUfrag) {
        ice.restart(localUfrag, localPwd, remoteUfrag);
    }

    boolean fingerprintConflicts(byte[] fingerprint) {
        return remoteFingerprint != null && !Arrays.equals(remoteFingerprint, fingerprint);
    }

    void setPublishedTracks(List<PublishedTrack> tracks) {
        Map<String, PublishedSource> old = new HashMap<>();
        for (PublishedSource s : sources) {
            old.put(s.trackId, s);
        }
        List<PublishedSource> next = new ArrayList<>();
        for (PublishedTrack t : tracks) {
            PublishedSource s = old.remove(t.trackId());
            if (s == null) {
                s = new PublishedSource(this, t);
            } else {
                s.update(t);
            }
            next.add(s);
            call.putSource(s);
        }
        for (PublishedSource gone : old.values()) {
            unbindSsrcsOf(gone);
            call.removeSource(gone);
        }
        sources.clear();
        sources.addAll(next);
        sourceArray = next.toArray(new PublishedSource[0]);
        midExtensionId = 0;
        for (PublishedSource s : sourceArray) {
            int idOfMid = s.extensionId(MID_URI);
            if (idOfMid > 0) {
                midExtensionId = idOfMid; // BUNDLE: one id per URI on a transport (RFC 8843 section 9.2)
                break;
            }
        }
        call.rebuildForwarding();
    }

    void setSubscribedTracks(List<SubscribedTrack> tracks, long now) {
        Map<String, SubscribedLeg> old = new HashMap<>();
        for (SubscribedLeg l : legs) {
            old.put(l.trackId, l);
        }
        List<SubscribedLeg> next = new ArrayList<>();
        List<SubscribedLeg> added = new ArrayList<>();
        for (SubscribedTrack t : tracks) {
            SubscribedLeg l = old.remove(t.trackId());
            if (l == null) {
                l = new SubscribedLeg(this, t);
                added.add(l);
            } else {
                l.update(t);
            }
            next.add(l);
        }
        legs.clear();
        legs.addAll(next);
        legArray = next.toArray(new SubscribedLeg[0]);
        call.rebuildForwarding();
        for (SubscribedLeg l : added) {
            call.keyframeForNewLeg(l, now);
        }
    }

    /** Closes for good: routes, handshake, forwarding; tells the control plane. */
    void close(String reason) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        dtls.close();
        for (InetSocketAddress a : addresses) {
            loop.unroute(a, this);
        }
        addresses.clear();
        loop.detach(this);
        call.transports.remove(this);
        for (PublishedSource s : sources) {
            call.removeSource(s);
        }
        sources.clear();
        sourceArray = new PublishedSource[0];
        legs.clear();
        legArray = new SubscribedLeg[0];
        call.rebuildForwarding();
        loop.listener.transportClosed(this, reason);
    }

    CallStats.TransportStats stats() {
        return new CallStats.TransportStats(id, sessionId, direction, state.name(),
                profile == null ? null : profile.name(), rtpReceived, rtpSent, rtcpReceived, rtcpSent, senderReportsSent, drops.snapshot(),
                ice.restarts(), ice.restartsCompleted(), ice.selectedChanges());
    }
}

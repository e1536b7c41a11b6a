package org.canal.media.engine;

import java.net.InetSocketAddress;
import java.util.List;
import org.canal.media.api.CallStats;
import org.canal.media.api.PublishedTrack;
import org.canal.media.api.SubscribedTrack;
import org.canal.media.api.TransportDirection;
import org.canal.media.dtls.DtlsHandshaker;
import org.canal.media.ice.IceLiteAgent;
import org.canal.protocol.rtcp.RtcpCompoundReader;
import org.canal.protocol.rtp.RtpPacket;
import org.canal.protocol.srtp.SrtpContext;
import org.canal.protocol.srtp.SrtpKeyingMaterial;
import org.canal.protocol.srtp.SrtpProfile;
import org.canal.protocol.stun.StunMessage;

/**
 * One ICE/DTLS-SRTP transport (one browser PeerConnection) on its call's loop: who it is, its state,
 * the two SRTP contexts, its counters, and one part per path through it:
 * <ul>
 *   <li>{@link TransportIce}: answers to ICE checks, and the addresses they validated (its routes);
 *   <li>{@link TransportDtls}: the DTLS handshake's hand-off and the browser's fingerprint;
 *   <li>{@link PublishedRtp}: a PUBLISH transport's tracks, which SSRC is which, and the fan-out of each
 *       packet to the subscriber legs;
 *   <li>{@link SubscribedLegs}: the legs a SUBSCRIBE transport sends to its browser;
 *   <li>{@link TransportRtcp}: the browser's RTCP (SRs forwarded, PLI/FIR) and Canal's (RRs, PLIs).
 * </ul>
 * A PUBLISH transport receives a browser's tracks and fans each packet out to the subscriber legs; a
 * SUBSCRIBE transport sends legs to its browser and takes its RTCP feedback. The parts are final fields,
 * so the packet path pays one dereference to reach one; SRTP is undone here and the part gets the plain
 * packet.
 *
 * <p>Everything but the constructor runs on the loop thread; the DTLS worker reaches it only through
 * {@link MediaLoop#execute}.
 */
final class Transport {
    enum State { NEW, CHECKING, CONNECTED, CLOSED }

    static final String MID_URI = "urn:ietf:params:rtp-hdrext:sdes:mid";

    final String id;
    final String sessionId;
    final TransportDirection direction;
    final Call call;
    final MediaLoop loop;
    final IceLiteAgent ice;
    /** Canal's SSRC on this transport's RTCP (receiver reports, PLIs). */
    final long localSsrc;

    State state = State.NEW;
    /** Protects what Canal sends this browser; null until the handshake exported keys. */
    SrtpContext sending;
    private SrtpContext receiving;
    private SrtpProfile profile;

    // Counters, all on the loop; "sent" ones are also counted by the fan-out of the call's publishers.
    private long rtpReceived;
    long rtpSent;
    private long rtcpReceived;
    long rtcpSent;
    long senderReportsSent;
    final DropCounters drops = new DropCounters();

    private final TransportIce iceAnswers;
    private final TransportDtls dtls;
    private final PublishedRtp published;
    private final SubscribedLegs subscribed;
    private final TransportRtcp rtcp;

    Transport(String id, String sessionId, TransportDirection direction, Call call, IceLiteAgent ice, long localSsrc,
            DtlsHandshaker handshaker) {
        this.id = id;
        this.sessionId = sessionId;
        this.direction = direction;
        this.call = call;
        this.loop = call.loop;
        this.ice = ice;
        this.localSsrc = localSsrc;
        this.iceAnswers = new TransportIce(this);
        this.published = new PublishedRtp(this);
        this.subscribed = new SubscribedLegs(this);
        this.rtcp = new TransportRtcp(this, published, subscribed);
        this.dtls = new TransportDtls(this, handshaker);
    }

    boolean connected() {
        return state == State.CONNECTED;
    }

    List<SubscribedLeg> legs() {
        return subscribed.list();
    }

    /**
     * Where packets for this browser go now, or null while nothing can be sent to it: no keys yet, no
     * selected address, or closed.
     */
    InetSocketAddress sendingAddress() {
        InetSocketAddress to = ice.selectedAddress();
        return sending == null || to == null || state == State.CLOSED ? null : to;
    }

    // ---- ICE ----

    void onBindingRequest(StunMessage request, InetSocketAddress from, long now) {
        iceAnswers.onBindingRequest(request, from, now);
    }

    /** An authenticated check selected an address: the transport is checking, and DTLS may start. */
    void onAddressSelected() {
        if (state == State.NEW) {
            state = State.CHECKING;
        }
        dtls.maybeStartDtls();
    }

    // ---- DTLS ----

    void onDtls(byte[] buf, int len, InetSocketAddress from, long now) {
        dtls.onDtls(buf, len, from, now);
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
        for (SubscribedLeg leg : subscribed.array()) {
            call.keyframeForNewLeg(leg, now);
        }
        for (PublishedSource s : published.sources()) {
            if (s.keyframeWanted) {
                rtcp.requestKeyframe(s, now);
            }
        }
        loop.flush();
    }

    SrtpProfile profile() {
        return profile;
    }

    // ---- SRTP in: decrypted here, then handed to the part it is for ----

    /** A publisher's SRTP packet in {@code loop.rx}: unprotected in place, then fanned out to the legs. */
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
        published.fanOut(in, n, now);
    }

    /** An SRTCP compound packet in {@code loop.rx}: unprotected in place, then read packet by packet. */
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
        rtcp.onCompound(reader, now);
    }

    // ---- RTCP out ----

    /** Sends a PLI (RFC 4585 section 6.3.1) for {@code source}, at most one per track per 500 ms. */
    void requestKeyframe(PublishedSource source, long now) {
        rtcp.requestKeyframe(source, now);
    }

    /** About once a second: one RR with a report block per source heard (RFC 3550 section 6.4.2). */
    void sendReceiverReports(long now) {
        rtcp.sendReceiverReports(now);
    }

    // ---- commands (on the loop) ----

    /** The browser's fingerprint and ufrag; the handshake may start now. */
    void connect(String remoteUfrag, byte[] fingerprint) {
        ice.setRemoteUfrag(remoteUfrag);
        dtls.connect(fingerprint);
    }

    /**
     * ICE restart: new local credentials on the same transport; DTLS and SRTP continue untouched
     * (RFC 8842 section 5), as do the routes of the addresses already validated.
     */
    void restartIce(String localUfrag, String localPwd, String remoteUfrag) {
        ice.restart(localUfrag, localPwd, remoteUfrag);
    }

    boolean fingerprintConflicts(byte[] fingerprint) {
        return dtls.fingerprintConflicts(fingerprint);
    }

    void setPublishedTracks(List<PublishedTrack> tracks) {
        published.setTracks(tracks);
    }

    void setSubscribedTracks(List<SubscribedTrack> tracks, long now) {
        subscribed.setTracks(tracks, now);
    }

    /** Closes for good: routes, handshake, forwarding; tells the control plane. */
    void close(String reason) {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        dtls.close();
        iceAnswers.unrouteAll();
        loop.detach(this);
        call.transports.remove(this);
        published.clear();
        subscribed.clear();
        call.rebuildForwarding();
        loop.listener.transportClosed(this, reason);
    }

    CallStats.TransportStats stats() {
        return new CallStats.TransportStats(id, sessionId, direction, state.name(),
                profile == null ? null : profile.name(), rtpReceived, rtpSent, rtcpReceived, rtcpSent, senderReportsSent, drops.snapshot(),
                ice.restarts(), ice.restartsCompleted(), ice.selectedChanges());
    }
}

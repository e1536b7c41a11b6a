package org.canal.media.engine;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.canal.media.api.PublishedTrack;
import org.canal.protocol.rtp.RtpHeaderExtensionCursor;
import org.canal.protocol.rtp.RtpPacket;

/**
 * The RTP of a PUBLISH transport: the browser's published tracks, which SSRC is which of them, and the
 * fan-out of each decrypted packet to the subscriber legs of its track, rewritten and re-encrypted per
 * leg. The tracks change by command (allocating, off the packet path); the packet path only walks
 * arrays. Loop thread only.
 */
final class PublishedRtp {
    private static final int MAX_SSRCS = 32;
    private static final PublishedSource[] NO_SOURCES = new PublishedSource[0];

    private final Transport transport;
    private final MediaLoop loop;
    private final Call call;

    private final List<PublishedSource> sources = new ArrayList<>();
    private PublishedSource[] sourceArray = NO_SOURCES;
    private final long[] ssrcKeys = new long[MAX_SSRCS];
    private final PublishedSource[] ssrcSources = new PublishedSource[MAX_SSRCS];
    private int ssrcCount;
    private int midExtensionId;

    PublishedRtp(Transport transport) {
        this.transport = transport;
        this.loop = transport.loop;
        this.call = transport.call;
    }

    /** The published tracks, as the packet path and the reports walk them. */
    PublishedSource[] sources() {
        return sourceArray;
    }

    /**
     * A publisher's packet, decrypted in place in {@code loop.rx} ({@code len} bytes) and wrapped in
     * {@code in}: tied to its track, fed to the track's statistics, then sent on every leg of the track.
     */
    void fanOut(RtpPacket in, int len, long now) {
        PublishedSource source = sourceOf(in);
        if (source == null) {
            transport.drops.count(DropReason.RTP_UNKNOWN_SSRC);
            return;
        }
        int pt = in.payloadType();
        int clockRate = source.clockRate(pt);
        source.reception.onPacket(in.sequenceNumber(), in.timestamp(), now, clockRate);
        if (source.keyframeWanted) {
            transport.requestKeyframe(source, now);
        }
        for (SubscribedLeg leg : source.legs) {
            forward(leg, len, pt, source, clockRate, now);
        }
    }

    /** Copies the packet in {@code loop.rx}, rewrites it for {@code leg}, protects it and sends it. */
    private void forward(SubscribedLeg leg, int len, int pt, PublishedSource source, int clockRate, long now) {
        Transport to = leg.subscriber;
        InetSocketAddress address = to.sendingAddress();
        if (address == null) {
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
        loop.rtpForwarded++;
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

    /** The track whose packets carry {@code ssrc} now, or null: the SSRC is not bound (yet, or any more). */
    PublishedSource sourceBySsrc(long ssrc) {
        for (int i = 0; i < ssrcCount; i++) {
            if (ssrcKeys[i] == ssrc) {
                return ssrcSources[i];
            }
        }
        return null;
    }

    /** The browser's tracks now (by command): kept tracks keep their state, gone ones leave the call. */
    void setTracks(List<PublishedTrack> tracks) {
        Map<String, PublishedSource> old = new HashMap<>();
        for (PublishedSource s : sources) {
            old.put(s.trackId, s);
        }
        List<PublishedSource> next = new ArrayList<>();
        for (PublishedTrack t : tracks) {
            PublishedSource s = old.remove(t.trackId());
            if (s == null) {
                s = new PublishedSource(transport, t);
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
            int idOfMid = s.extensionId(Transport.MID_URI);
            if (idOfMid > 0) {
                midExtensionId = idOfMid; // BUNDLE: one id per URI on a transport (RFC 8843 section 9.2)
                break;
            }
        }
        call.rebuildForwarding();
    }

    /** The transport closed: its tracks leave the call (the caller rebuilds the forwarding). */
    void clear() {
        for (PublishedSource s : sources) {
            call.removeSource(s);
        }
        sources.clear();
        sourceArray = NO_SOURCES;
    }
}

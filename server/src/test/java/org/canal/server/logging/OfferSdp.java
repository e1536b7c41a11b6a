package org.canal.server.logging;

import org.canal.peer.Peer;

/**
 * A browser-like publish offer (audio opus, video VP8, BUNDLE, rtcp-mux) with a peer's ICE
 * credentials, DTLS fingerprint and its one host candidate: the end user's address travels in it, as
 * it does in a browser's offer.
 */
final class OfferSdp {
    private OfferSdp() {}

    static String of(Peer peer, long audioSsrc, long videoSsrc) {
        String address = peer.hostCandidate().getAddress().getHostAddress();
        int port = peer.hostCandidate().getPort();
        String transport = "c=IN IP4 " + address + "\n"
                + "a=candidate:1 1 udp " + peer.hostCandidatePriority() + " " + address + " " + port + " typ host\n"
                + "a=ice-ufrag:" + peer.iceUfrag() + "\n"
                + "a=ice-pwd:" + peer.icePwd() + "\n"
                + "a=fingerprint:sha-256 " + peer.fingerprint() + "\n"
                + "a=setup:actpass\n";
        String sdp = "v=0\n"
                + "o=- 4611731400430051336 2 IN IP4 127.0.0.1\n"
                + "s=-\n"
                + "t=0 0\n"
                + "a=group:BUNDLE 0 1\n"
                + "a=msid-semantic: WMS s\n"
                + "m=audio " + port + " UDP/TLS/RTP/SAVPF 111\n"
                + transport
                + "a=mid:0\n"
                + "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\n"
                + "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\n"
                + "a=sendrecv\n"
                + "a=msid:s a\n"
                + "a=rtcp-mux\n"
                + "a=rtpmap:111 opus/48000/2\n"
                + "a=fmtp:111 minptime=10;useinbandfec=1\n"
                + "a=ssrc:" + audioSsrc + " cname:c\n"
                + "a=ssrc:" + audioSsrc + " msid:s a\n"
                + "m=video " + port + " UDP/TLS/RTP/SAVPF 96\n"
                + transport
                + "a=mid:1\n"
                + "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\n"
                + "a=sendrecv\n"
                + "a=msid:s v\n"
                + "a=rtcp-mux\n"
                + "a=rtpmap:96 VP8/90000\n"
                + "a=rtcp-fb:96 nack\n"
                + "a=rtcp-fb:96 nack pli\n"
                + "a=ssrc:" + videoSsrc + " cname:c\n"
                + "a=ssrc:" + videoSsrc + " msid:s v\n";
        return sdp.replace("\n", "\r\n");
    }
}

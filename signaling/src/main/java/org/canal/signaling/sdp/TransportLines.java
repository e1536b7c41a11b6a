package org.canal.signaling.sdp;

import java.util.List;
import java.util.Optional;
import org.canal.media.api.IceCandidate;
import org.canal.media.api.LocalTransport;
import org.canal.media.api.RemoteTransport;
import org.canal.protocol.sdp.MediaDescription;
import org.canal.protocol.sdp.SdpAttribute;
import org.canal.protocol.sdp.SdpLine;
import org.canal.protocol.sdp.SessionDescription;

/**
 * The transport lines of a media section: ICE credentials and candidates (RFC 8839), the DTLS
 * fingerprint and role (RFC 8122, RFC 8842), written from Canal's {@link LocalTransport} or read
 * into a {@link RemoteTransport} from a browser's SDP.
 */
final class TransportLines {
    static final String PROTO = "UDP/TLS/RTP/SAVPF";
    static final String FINGERPRINT_ALGORITHM = "sha-256";

    private TransportLines() {}

    /** The port for the m= line: the first candidate's, as JSEP does (RFC 8829 section 5.3.1); 9 without one. */
    static int port(LocalTransport local) {
        return local.candidates().isEmpty() ? 9 : local.candidates().get(0).port();
    }

    /** {@code c=} with the first candidate's address (RFC 8829 section 5.3.1). */
    static SdpLine.Connection connection(LocalTransport local) {
        if (local.candidates().isEmpty()) {
            return SdpLine.Connection.ip4("0.0.0.0");
        }
        String address = local.candidates().get(0).address();
        return new SdpLine.Connection("IN", address.contains(":") ? "IP6" : "IP4", address);
    }

    /** ICE credentials, fingerprint and setup role. */
    static void credentials(MediaDescription.Builder m, LocalTransport local, SdpAttribute.Role setup) {
        m.line(new SdpAttribute.IceUfrag(local.iceUfrag()));
        m.line(new SdpAttribute.IcePwd(local.icePwd()));
        m.line(new SdpAttribute.Fingerprint(local.fingerprintAlgorithm(), local.fingerprint()));
        m.line(new SdpAttribute.Setup(setup));
    }

    /** Every host candidate (RFC 8839 section 5.1), then end-of-candidates: Canal does not trickle. */
    static void candidates(MediaDescription.Builder m, LocalTransport local) {
        List<IceCandidate> all = local.candidates();
        for (int i = 0; i < all.size(); i++) {
            IceCandidate c = all.get(i);
            String foundation = Integer.toString(i + 1);
            String raw = foundation + " 1 udp " + c.priority() + ' ' + c.address() + ' ' + c.port() + " typ host";
            m.line(new SdpAttribute.Candidate(foundation, 1, "udp", c.priority(), c.address(), c.port(), "host", raw));
        }
        m.line(SdpAttribute.Flag.END_OF_CANDIDATES);
    }

    /**
     * The browser's end of the BUNDLE transport: the ICE credentials and the sha-256 fingerprint of
     * {@code bundled} (the media section that carries the transport), or of the session section.
     */
    static RemoteTransport remote(SessionDescription sd, MediaDescription bundled) throws SdpNegotiationException {
        String ufrag = bundled.iceUfrag().or(sd::iceUfrag)
                .orElseThrow(() -> new SdpNegotiationException("the SDP has no a=ice-ufrag"));
        String pwd = bundled.icePwd().or(sd::icePwd)
                .orElseThrow(() -> new SdpNegotiationException("the SDP has no a=ice-pwd"));
        SdpAttribute.Fingerprint fingerprint = sha256(bundled.attributes(SdpAttribute.Fingerprint.class))
                .or(() -> sha256(sd.attributes().stream().filter(SdpAttribute.Fingerprint.class::isInstance)
                        .map(SdpAttribute.Fingerprint.class::cast).toList()))
                .orElseThrow(() -> new SdpNegotiationException("the SDP has no a=fingerprint:sha-256"));
        return new RemoteTransport(ufrag, pwd, FINGERPRINT_ALGORITHM, fingerprint.hex());
    }

    private static Optional<SdpAttribute.Fingerprint> sha256(List<SdpAttribute.Fingerprint> fingerprints) {
        return fingerprints.stream().filter(f -> f.algorithm().equalsIgnoreCase(FINGERPRINT_ALGORITHM)).findFirst();
    }

    /** The DTLS role of {@code bundled}, or of the session section. */
    static Optional<SdpAttribute.Role> setup(SessionDescription sd, MediaDescription bundled) {
        return bundled.setup().or(sd::setup);
    }
}

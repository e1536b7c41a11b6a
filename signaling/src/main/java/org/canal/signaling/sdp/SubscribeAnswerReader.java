package org.canal.signaling.sdp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.canal.media.api.HeaderExtension;
import org.canal.media.api.MediaKind;
import org.canal.protocol.sdp.Direction;
import org.canal.protocol.sdp.MediaDescription;
import org.canal.protocol.sdp.SdpAttribute;
import org.canal.protocol.sdp.SessionDescription;

/**
 * Reads a browser's answer to one of Canal's subscribe offers (RFC 3264 section 6, RFC 8829 section
 * 5.3): the same sections in the same order with the same mids, {@code a=setup:active} (Canal offered
 * actpass and is the DTLS server), and for each section not rejected the codec and extensions the
 * browser kept out of what Canal offered.
 *
 * <p>Stateless; any thread.
 */
public final class SubscribeAnswerReader {
    private SubscribeAnswerReader() {}

    public static SubscribeAnswer read(SessionDescription answer, List<SubscribeSection> offered)
            throws SdpNegotiationException {
        if (answer.media().size() != offered.size()) {
            throw new SdpNegotiationException("the answer has " + answer.media().size() + " media sections, the offer "
                    + offered.size());
        }
        Map<String, SubscribeAnswer.Accepted> accepted = new HashMap<>();
        Set<String> rejected = new HashSet<>();
        MediaDescription transportSection = null;
        for (int i = 0; i < offered.size(); i++) {
            SubscribeSection o = offered.get(i);
            MediaDescription m = answer.media().get(i);
            if (!m.mid().filter(o.mid()::equals).isPresent()) {
                throw new SdpNegotiationException("answer section " + i + " does not have mid " + o.mid());
            }
            if (o.rejected()) {
                continue;
            }
            Optional<Integer> pt = SupportedCodecs.findPayloadType(m, o.kind());
            if (m.port() == 0 || pt.isEmpty()) {
                rejected.add(o.mid());
                continue;
            }
            if (transportSection == null) {
                transportSection = m;
            }
            if (!o.active() || m.direction() == Direction.INACTIVE) {
                continue;
            }
            if (m.direction() != Direction.RECVONLY) {
                throw new SdpNegotiationException("answer section " + o.mid() + " must be recvonly");
            }
            accepted.put(o.mid(), new SubscribeAnswer.Accepted(o.mid(),
                    SupportedCodecs.codec(o.kind(), pt.get(), SupportedCodecs.supportedFeedback(m, pt.get(), o.kind())),
                    extensions(m, o.kind())));
        }
        if (transportSection == null) {
            if (!accepted.isEmpty()) {
                throw new SdpNegotiationException("the answer accepted no transport");
            }
            return new SubscribeAnswer(null, accepted, rejected);
        }
        Optional<SdpAttribute.Role> role = TransportLines.setup(answer, transportSection);
        if (role.isEmpty() || role.get() != SdpAttribute.Role.ACTIVE) {
            throw new SdpNegotiationException("the answer must say a=setup:active: Canal is the DTLS server");
        }
        return new SubscribeAnswer(TransportLines.remote(answer, transportSection), accepted, rejected);
    }

    /** The answer's extensions among those Canal offered for {@code kind}, with the answer's ids (RFC 8285 section 6). */
    private static List<HeaderExtension> extensions(MediaDescription m, MediaKind kind) {
        List<HeaderExtension> out = new ArrayList<>();
        for (String uri : SupportedCodecs.extensionUris(kind)) {
            m.extmapId(uri).ifPresent(id -> out.add(new HeaderExtension(id, uri)));
        }
        return out;
    }
}

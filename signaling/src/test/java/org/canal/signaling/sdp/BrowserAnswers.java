package org.canal.signaling.sdp;

import java.util.ArrayList;
import java.util.List;
import org.canal.protocol.MalformedInputException;
import org.canal.protocol.sdp.Direction;
import org.canal.protocol.sdp.MediaDescription;
import org.canal.protocol.sdp.Origin;
import org.canal.protocol.sdp.SdpAttribute;
import org.canal.protocol.sdp.SdpLine;
import org.canal.protocol.sdp.SessionDescription;

/**
 * Answers to Canal's subscribe offers shaped as a browser writes them (JSEP, RFC 8829 section 5.3.1):
 * the offer's sections in order with its mids, payload types and extension ids, {@code recvonly} for
 * {@code sendonly}, {@code a=setup:active}, the browser's own ICE credentials and fingerprint. For
 * tests only: no browser runs in signaling's module tests.
 */
public final class BrowserAnswers {
    public static final String UFRAG = "brUf";
    public static final String PWD = "browserIcePasswordOf24ch";
    public static final String FINGERPRINT =
            "11:22:33:44:55:66:77:88:99:00:AA:BB:CC:DD:EE:FF:11:22:33:44:55:66:77:88:99:00:AA:BB:CC:DD:EE:FF";

    private BrowserAnswers() {}

    public static String answer(String offerSdp) throws MalformedInputException {
        return answer(offerSdp, List.of());
    }

    /** An answer that rejects (port 0) the sections whose mid is in {@code rejectMids}. */
    public static String answer(String offerSdp, List<String> rejectMids) throws MalformedInputException {
        SessionDescription offer = SessionDescription.parse(offerSdp);
        List<String> bundle = new ArrayList<>();
        SessionDescription.Builder sd = SessionDescription.builder(Origin.jsep(777, 2));
        List<MediaDescription> sections = new ArrayList<>();
        for (MediaDescription o : offer.media()) {
            String mid = o.mid().orElseThrow();
            boolean reject = o.port() == 0 || rejectMids.contains(mid);
            MediaDescription.Builder m = MediaDescription.builder(o.media(), reject ? 0 : 9, o.proto());
            o.formats().forEach(m::format);
            m.line(SdpLine.Connection.ip4("0.0.0.0"));
            m.line(new SdpAttribute.Mid(mid));
            if (!reject) {
                bundle.add(mid);
                m.line(new SdpAttribute.IceUfrag(UFRAG));
                m.line(new SdpAttribute.IcePwd(PWD));
                m.line(new SdpAttribute.Fingerprint("sha-256", FINGERPRINT));
                m.line(new SdpAttribute.Setup(SdpAttribute.Role.ACTIVE));
                o.extmaps().forEach(m::line);
            }
            m.direction(reject ? Direction.INACTIVE : o.direction().reversed());
            m.line(SdpAttribute.Flag.RTCP_MUX);
            o.rtpmaps().forEach(m::line);
            o.attributes(SdpAttribute.Fmtp.class).forEach(m::line);
            o.attributes(SdpAttribute.RtcpFb.class).forEach(m::line);
            sections.add(m.build());
        }
        sd.line(new SdpAttribute.Group("BUNDLE", bundle));
        sections.forEach(sd::media);
        return sd.build().write();
    }
}

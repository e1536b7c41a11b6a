package org.canal.protocol.sdp;

/**
 * Writes a {@link SessionDescription} as SDP text: each line {@code <type>=<text>} ended by CRLF
 * (RFC 8866 section 5), in the order the model holds them. Stateless; any thread.
 */
public final class SdpWriter {
    private static final String CRLF = "\r\n";

    private SdpWriter() {}

    public static String write(SessionDescription sd) {
        StringBuilder b = new StringBuilder(4096);
        b.append("v=").append(SessionDescription.VERSION).append(CRLF);
        b.append("o=").append(sd.origin().text()).append(CRLF);
        b.append("s=").append(sd.sessionName()).append(CRLF);
        sd.lines().forEach(line -> append(b, line));
        for (MediaDescription m : sd.media()) {
            b.append("m=").append(m.mediaLineText()).append(CRLF);
            m.lines().forEach(line -> append(b, line));
        }
        return b.toString();
    }

    private static void append(StringBuilder b, SdpLine line) {
        b.append(line.type()).append('=').append(line.text()).append(CRLF);
    }
}

package org.canal.signaling.impl;

/**
 * What a P2P signal may carry under the relay-only policy (docs/signaling.md, "Media mode"): only
 * candidates of type {@code relay} (RFC 8445 section 5.1.1.1; the TURN server's addresses), so that
 * neither browser learns the other's own addresses. Works on the text of the candidate attribute
 * (RFC 8839 section 5.1: {@code candidate:<foundation> <component> <transport> <priority> <address>
 * <port> typ <type> ...}). Stateless.
 */
final class RelayOnlyFilter {
    /** An SDP with the non-relay candidate lines cut, and how many were. */
    record Stripped(String sdp, int removedLines) {}

    private RelayOnlyFilter() {}

    /** Whether a candidate attribute ({@code candidate:...}, with or without {@code a=}) is of type relay. */
    static boolean isRelay(String candidate) {
        String[] fields = candidate.trim().split("\\s+");
        for (int i = 0; i + 1 < fields.length; i++) {
            if (fields[i].equals("typ")) {
                return fields[i + 1].equals("relay");
            }
        }
        return false;
    }

    /**
     * Cuts every {@code a=candidate} line that is not of type relay, and replaces the connection
     * addresses of {@code c=} and {@code a=rtcp} lines (which a browser fills from its default
     * candidate) with the unspecified address: ICE uses the candidates, never these (RFC 8839
     * section 4.2.1). Keeps the SDP's line ends.
     */
    static Stripped strip(String sdp) {
        StringBuilder out = new StringBuilder(sdp.length());
        int removed = 0;
        int start = 0;
        while (start < sdp.length()) {
            int lf = sdp.indexOf('\n', start);
            int end = lf < 0 ? sdp.length() : lf + 1;
            String line = sdp.substring(start, end);
            String content = line.endsWith("\r\n") ? line.substring(0, line.length() - 2)
                    : line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
            String ending = line.substring(content.length());
            if (content.startsWith("a=candidate:") && !isRelay(content.substring(2))) {
                removed++;
            } else if (content.startsWith("c=IN IP4 ")) {
                out.append("c=IN IP4 0.0.0.0").append(ending);
            } else if (content.startsWith("c=IN IP6 ")) {
                out.append("c=IN IP6 ::").append(ending);
            } else if (content.startsWith("a=rtcp:") && content.contains(" IN ")) {
                String port = content.substring("a=rtcp:".length(), content.indexOf(' '));
                out.append("a=rtcp:").append(port).append(content.contains(" IP6 ") ? " IN IP6 ::" : " IN IP4 0.0.0.0")
                        .append(ending);
            } else {
                out.append(line);
            }
            start = end;
        }
        return new Stripped(out.toString(), removed);
    }
}

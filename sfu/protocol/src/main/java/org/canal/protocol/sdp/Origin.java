package org.canal.protocol.sdp;

import java.util.Objects;

/**
 * The origin line {@code o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>}
 * (RFC 8866 section 5.2). The session id and version are kept as the decimal text they were written in:
 * browsers use up to 64-bit values, and JSEP (RFC 8829 section 5.2.1) only needs them compared and
 * incremented by the side that made them.
 */
public record Origin(String username, String sessionId, String sessionVersion, String netType,
                     String addressType, String address) {
    public Origin {
        Objects.requireNonNull(username);
        Objects.requireNonNull(sessionId);
        Objects.requireNonNull(sessionVersion);
        Objects.requireNonNull(netType);
        Objects.requireNonNull(addressType);
        Objects.requireNonNull(address);
    }

    /** The origin JSEP writes: username "-", IN IP4 127.0.0.1 (RFC 8829 section 5.2.1). */
    public static Origin jsep(long sessionId, long sessionVersion) {
        return new Origin("-", Long.toUnsignedString(sessionId), Long.toUnsignedString(sessionVersion),
                "IN", "IP4", "127.0.0.1");
    }

    /** The text after {@code o=}. */
    public String text() {
        return String.join(" ", username, sessionId, sessionVersion, netType, addressType, address);
    }
}

package org.canal.protocol.sdp;

/**
 * A media direction attribute (RFC 8866 section 6.7, RFC 3264 section 5.1), also used for the
 * direction of an extmap (RFC 8285 section 5).
 */
public enum Direction {
    SENDRECV("sendrecv"),
    SENDONLY("sendonly"),
    RECVONLY("recvonly"),
    INACTIVE("inactive");

    private final String token;

    Direction(String token) {
        this.token = token;
    }

    /** The SDP spelling, e.g. {@code sendonly}. */
    public String token() {
        return token;
    }

    /** The direction spelled {@code token}, or null if it is no direction. */
    public static Direction fromToken(String token) {
        for (Direction d : values()) {
            if (d.token.equals(token)) {
                return d;
            }
        }
        return null;
    }

    /** The direction the other side of an offer/answer uses: sendonly answers recvonly (RFC 3264 section 6.1). */
    public Direction reversed() {
        return switch (this) {
            case SENDONLY -> RECVONLY;
            case RECVONLY -> SENDONLY;
            default -> this;
        };
    }
}

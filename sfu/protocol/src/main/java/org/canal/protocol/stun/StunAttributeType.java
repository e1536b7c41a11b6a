package org.canal.protocol.stun;

/**
 * STUN attribute types used by ICE, from the IANA registry: RFC 8489 section 18.3, RFC 8445 section
 * 16.1, and Chromium's GOOG-NETWORK-INFO. Types 0x0000-0x7FFF are comprehension-required: an agent
 * that does not understand one must refuse a request with 420 and list it in UNKNOWN-ATTRIBUTES
 * (RFC 8489 section 14); 0x8000-0xFFFF are comprehension-optional and may be ignored.
 */
public final class StunAttributeType {
    private StunAttributeType() {}

    public static final int MAPPED_ADDRESS = 0x0001;
    public static final int USERNAME = 0x0006;
    public static final int MESSAGE_INTEGRITY = 0x0008;
    public static final int ERROR_CODE = 0x0009;
    public static final int UNKNOWN_ATTRIBUTES = 0x000A;
    public static final int REALM = 0x0014;
    public static final int NONCE = 0x0015;
    public static final int MESSAGE_INTEGRITY_SHA256 = 0x001C;
    public static final int PASSWORD_ALGORITHM = 0x001D;
    public static final int USERHASH = 0x001E;
    public static final int XOR_MAPPED_ADDRESS = 0x0020;
    /** TURN (RFC 8656 section 18.4): the allocation's lifetime in seconds. */
    public static final int LIFETIME = 0x000D;
    /** TURN (RFC 8656 section 18.3): a peer's address, encoded as XOR-MAPPED-ADDRESS. */
    public static final int XOR_PEER_ADDRESS = 0x0012;
    /** TURN (RFC 8656 section 18.5): the relayed address, encoded as XOR-MAPPED-ADDRESS. */
    public static final int XOR_RELAYED_ADDRESS = 0x0016;
    /** TURN (RFC 8656 section 18.7): the relay's transport protocol, an IANA protocol number. */
    public static final int REQUESTED_TRANSPORT = 0x0019;
    /** RFC 8445 section 16.1. */
    public static final int PRIORITY = 0x0024;
    /** RFC 8445 section 16.1. */
    public static final int USE_CANDIDATE = 0x0025;
    public static final int PASSWORD_ALGORITHMS = 0x8002;
    public static final int ALTERNATE_DOMAIN = 0x8003;
    public static final int SOFTWARE = 0x8022;
    public static final int ALTERNATE_SERVER = 0x8023;
    public static final int FINGERPRINT = 0x8028;
    /** RFC 8445 section 16.1. */
    public static final int ICE_CONTROLLED = 0x8029;
    /** RFC 8445 section 16.1. */
    public static final int ICE_CONTROLLING = 0x802A;
    /** Chromium's network id and cost; comprehension-optional, so ignored. */
    public static final int GOOG_NETWORK_INFO = 0xC057;

    private static final int COMPREHENSION_OPTIONAL_BIT = 0x8000;

    /** Whether an agent that does not understand this type must refuse the message (0x0000-0x7FFF). */
    public static boolean isComprehensionRequired(int type) {
        return (type & COMPREHENSION_OPTIONAL_BIT) == 0;
    }

    /**
     * Whether Canal understands this type as a STUN server. USERHASH and PASSWORD-ALGORITHM (RFC 8489's hashed
     * usernames and SHA-256 long-term keys) are not understood, so a request carrying them gets 420 and
     * the client falls back (section 9.2.4). The TURN types are defined here for Canal's TURN client in
     * tests; Canal is no TURN server, so a request carrying them is not understood.
     */
    public static boolean isUnderstood(int type) {
        switch (type) {
            case MAPPED_ADDRESS, USERNAME, MESSAGE_INTEGRITY, ERROR_CODE, UNKNOWN_ATTRIBUTES, REALM, NONCE,
                    MESSAGE_INTEGRITY_SHA256, XOR_MAPPED_ADDRESS, PRIORITY, USE_CANDIDATE, SOFTWARE,
                    FINGERPRINT, ICE_CONTROLLED, ICE_CONTROLLING -> {
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** A comprehension-required type Canal does not understand: the reason for a 420 answer. */
    public static boolean isUnknownComprehensionRequired(int type) {
        return isComprehensionRequired(type) && !isUnderstood(type);
    }
}

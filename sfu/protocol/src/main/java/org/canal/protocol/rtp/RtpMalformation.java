package org.canal.protocol.rtp;

import org.canal.protocol.Malformation;

/**
 * Why an RTP packet (RFC 3550 section 5.1) or its header extension (RFC 8285) was refused. Returned by
 * value from {@link RtpPacket#wrap}, {@link RtpHeaderExtensionCursor} and {@link RtpExtensionIdRewriter},
 * so that a refusal allocates nothing and the media engine can count it.
 */
public enum RtpMalformation implements Malformation {
    TRUNCATED_FIXED_HEADER("shorter than the 12-byte fixed header of RFC 3550 section 5.1"),
    UNSUPPORTED_VERSION("the version field is not 2 (RFC 3550 section 5.1)"),
    TRUNCATED_CSRC_LIST("the CSRC count announces more 32-bit CSRC identifiers than the packet holds"),
    TRUNCATED_EXTENSION_HEADER("the X bit is set but the 4-byte extension header (RFC 3550 section 5.3.1) is missing"),
    TRUNCATED_EXTENSION("the header extension length runs past the end of the packet (RFC 3550 section 5.3.1)"),
    ZERO_PADDING_COUNT("the P bit is set but the last octet, the padding count, is 0; it counts itself, so it"
            + " is at least 1 (RFC 3550 section 5.1)"),
    PADDING_EXCEEDS_PAYLOAD("the padding count is larger than the bytes after the header (RFC 3550 section 5.1)"),
    TRUNCATED_EXTENSION_ELEMENT("an RFC 8285 extension element runs past the end of the extension block"),
    EXTENSION_ID_DOES_NOT_FIT("the id mapping gives an id the extension's form cannot carry (1-14 for the one-byte"
            + " form of RFC 8285 section 4.2, 1-255 for the two-byte form of section 4.3)");

    private final String explanation;

    RtpMalformation(String explanation) {
        this.explanation = explanation;
    }

    @Override
    public String explanation() {
        return explanation;
    }

    /** The negative code {@link RtpPacket#headerLength(byte[], int, int)} returns for this reason. */
    public int code() {
        return -1 - ordinal();
    }

    private static final RtpMalformation[] VALUES = values();

    /**
     * The reason behind a negative result of {@link RtpPacket#headerLength(byte[], int, int)}, or null
     * for a non-negative one (a header length).
     */
    public static RtpMalformation ofCode(int code) {
        if (code >= 0) {
            return null;
        }
        int i = -1 - code;
        return i < VALUES.length ? VALUES[i] : null;
    }
}

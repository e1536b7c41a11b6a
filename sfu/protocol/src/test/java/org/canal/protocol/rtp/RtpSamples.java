package org.canal.protocol.rtp;

import java.util.HexFormat;
import java.util.List;

/** Hand-built RTP packets, commented field by field, shared by the RTP tests and the fuzz seeds. */
final class RtpSamples {
    private RtpSamples() {}

    /** Hex digits; spaces, line breaks, {@code |} separators and a {@code //} comment per line are ignored. */
    static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replaceAll("//[^\\n]*", "").replaceAll("[\\s|]", ""));
    }

    /**
     * An Opus packet as Chromium sends it: one-byte extensions (RFC 8285 section 4.2) with the IDs
     * Chromium offers by default for audio: 1 ssrc-audio-level (RFC 6464), 2 abs-send-time,
     * 3 transport-wide-cc, 4 sdes:mid (RFC 8843).
     */
    static final byte[] OPUS = hex("""
            90          // V=2 P=0 X=1 CC=0
            ef          // M=1 PT=111 (opus)
            1a 2b       // sequence number 6699
            00 00 bb 80 // timestamp 48000
            12 34 56 78 // SSRC 0x12345678
            be de 00 03 // one-byte profile 0xBEDE, 3 words of elements
            10 ff       // ID=1 L=0: audio level, V=1 level=127 (silence)
            22 12 34 56 // ID=2 L=2: abs-send-time 0x123456 (6.18 fixed point)
            31 00 05    // ID=3 L=1: transport-wide sequence number 5
            40 30       // ID=4 L=0: mid "0"
            00          // padding byte to the 32-bit boundary
            78 01 02 03 04 05 // Opus TOC 0x78 (CELT FB 20 ms) and frame bytes
            """);

    /**
     * A VP8 packet from a mixer: two CSRCs, no extension, and 4 bytes of RTP padding (RFC 3550
     * section 5.1), at the very top of the sequence and timestamp spaces.
     */
    static final byte[] VP8 = hex("""
            a2          // V=2 P=1 X=0 CC=2
            e0          // M=1 PT=96 (VP8)
            ff ff       // sequence number 65535
            ff ff ff ff // timestamp 2^32-1
            00 00 ab cd // SSRC 0xABCD
            11 11 11 11 // CSRC 0x11111111
            22 22 22 22 // CSRC 0x22222222
            90 80 2a 10 02 00 9d 01 2a // VP8 payload descriptor and frame start
            00 00 00 04 // padding, count 4 (counts itself)
            """);

    /**
     * A packet with two-byte extensions (RFC 8285 section 4.3): a leading padding byte, an empty
     * element, ID 15 (allowed in this form) and an ID above 14.
     */
    static final byte[] TWO_BYTE = hex("""
            90          // V=2 P=0 X=1 CC=0
            60          // M=0 PT=96
            00 01       // sequence number 1
            00 00 00 64 // timestamp 100
            00 00 00 01 // SSRC 1
            10 00 00 03 // two-byte profile 0x1000 (app bits 0), 3 words of elements
            00          // padding byte
            01 00       // ID=1 L=0: empty element
            0f 03 61 62 63 // ID=15 L=3: "abc"
            20 01 07    // ID=32 L=1: 07
            00          // padding byte to the 32-bit boundary
            de ad be ef // payload
            """);

    static List<byte[]> all() {
        return List.of(OPUS, VP8, TWO_BYTE);
    }
}

package org.canal.protocol.stun;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/**
 * The RFC 5769 sample messages and the ICE messages the STUN tests share. Hex is written field by
 * field; "#" starts a comment.
 */
final class StunTestVectors {
    private StunTestVectors() {}

    /** Parses hex with whitespace and "#" comments to the end of a line. */
    static byte[] hex(String text) {
        StringBuilder digits = new StringBuilder();
        for (String line : text.split("\n")) {
            int hash = line.indexOf('#');
            digits.append((hash >= 0 ? line.substring(0, hash) : line).replaceAll("\\s", ""));
        }
        return HexFormat.of().parseHex(digits);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** RFC 5769 section 2.1-2.3: the short-term password of the sample request and responses. */
    static final String RFC5769_PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt";

    /** RFC 5769 section 2.1: sample request. */
    static final byte[] RFC5769_REQUEST = hex("""
            0001 0058                     # Binding request, length 88
            2112a442                      # magic cookie
            b7e7a701 bc34d686 fa87dfae    # transaction id
            8022 0010                     # SOFTWARE, length 16
            5354554e 20746573 7420636c 69656e74   # "STUN test client"
            0024 0004                     # PRIORITY, length 4
            6e0001ff                      #   0x6e0001ff
            8029 0008                     # ICE-CONTROLLED, length 8
            932ff9b1 51263b36             #   tie-breaker
            0006 0009                     # USERNAME, length 9
            6576746a 3a683676 59 202020   #   "evtj:h6vY", then three 0x20 padding bytes
            0008 0014                     # MESSAGE-INTEGRITY, length 20
            9aeaa70c bfd8cb56 781ef2b5 b2d3f249 c1b571a2
            8028 0004                     # FINGERPRINT, length 4
            e57a3bcf                      #   CRC-32 XOR 0x5354554E
            """);

    /** RFC 5769 section 2.2: sample IPv4 response, mapped address 192.0.2.1 port 32853. */
    static final byte[] RFC5769_RESPONSE_IPV4 = hex("""
            0101 003c                     # Binding success response, length 60
            2112a442                      # magic cookie
            b7e7a701 bc34d686 fa87dfae    # transaction id
            8022 000b                     # SOFTWARE, length 11
            74657374 20766563 746f72 20   #   "test vector", then one 0x20 padding byte
            0020 0008                     # XOR-MAPPED-ADDRESS, length 8
            00 01 a147                    #   reserved, IPv4, port 32853 XOR 0x2112
            e112a643                      #   192.0.2.1 XOR magic cookie
            0008 0014                     # MESSAGE-INTEGRITY, length 20
            2b91f599 fd9e90c3 8c7489f9 2af9ba53 f06be7d7
            8028 0004                     # FINGERPRINT, length 4
            c07d4c96
            """);

    /** RFC 5769 section 2.3: sample IPv6 response, 2001:db8:1234:5678:11:2233:4455:6677 port 32853. */
    static final byte[] RFC5769_RESPONSE_IPV6 = hex("""
            0101 0048                     # Binding success response, length 72
            2112a442                      # magic cookie
            b7e7a701 bc34d686 fa87dfae    # transaction id
            8022 000b                     # SOFTWARE, length 11
            74657374 20766563 746f72 20   #   "test vector", then one 0x20 padding byte
            0020 0014                     # XOR-MAPPED-ADDRESS, length 20
            00 02 a147                    #   reserved, IPv6, port 32853 XOR 0x2112
            0113a9fa a5d3f179 bc25f4b5 bed2b9d9   # address XOR cookie and transaction id
            0008 0014                     # MESSAGE-INTEGRITY, length 20
            a382954e 4be67bf1 1784c97c 8292c275 bfe3ed41
            8028 0004                     # FINGERPRINT, length 4
            c8fb0b4c
            """);

    /** RFC 5769 section 2.4: the username, U+30DE U+30C8 U+30EA U+30C3 U+30AF U+30B9 in UTF-8. */
    static final String RFC5769_LONG_TERM_USERNAME = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9";
    /** RFC 5769 section 2.4: the password "The<U+00AD>M<U+00AA>tr<U+2168>" after SASLprep. */
    static final String RFC5769_LONG_TERM_PASSWORD = "TheMatrIX";
    static final String RFC5769_REALM = "example.org";
    static final String RFC5769_NONCE = "f//499k954d6OL34oL9FSTvy64sA";

    /** RFC 5769 section 2.4: sample request with long-term authentication. */
    static final byte[] RFC5769_LONG_TERM_REQUEST = hex("""
            0001 0060                     # Binding request, length 96
            2112a442                      # magic cookie
            78ad3433 c6ad72c0 29da412e    # transaction id
            0006 0012                     # USERNAME, length 18
            e3839ee3 8388e383 aae38383 e382afe3 82b9 0000   # the username, then two zero padding bytes
            0015 001c                     # NONCE, length 28
            662f2f34 39396b39 35346436 4f4c3334 6f4c3946 53547679 36347341   # "f//499k954d6OL34oL9FSTvy64sA"
            0014 000b                     # REALM, length 11
            6578616d 706c652e 6f7267 00   #   "example.org", then one zero padding byte
            0008 0014                     # MESSAGE-INTEGRITY, length 20
            f6702465 6dd64a3e 02b8e071 2e85c9a2 8ca89666
            """);

    // ---- ICE, as Chromium sends it (RFC 8445 section 7.2.2) ----

    static final String ICE_LOCAL_UFRAG = "ufragA";
    static final String ICE_REMOTE_UFRAG = "ufragB";
    /** The password of the receiving agent (ufragA's), which keys requests sent to it. */
    static final String ICE_PASSWORD = "pwdOfAgentA-22-chars-x";
    static final byte[] ICE_TRANSACTION_ID = hex("0102030405060708090a0b0c");
    static final long ICE_TIE_BREAKER = 0x1a2b3c4d5e6f7081L;
    static final long ICE_PRIORITY = 0x6e7f1eff;
    /** GOOG-NETWORK-INFO: network id 1, network cost 10. */
    static final byte[] GOOG_NETWORK_INFO = hex("0001 000a");

    /** A binding request like Chromium's nominating check, built with {@link StunMessageWriter}. */
    static byte[] chromiumLikeRequest() {
        byte[] buf = new byte[256];
        byte[] username = utf8(ICE_LOCAL_UFRAG + ":" + ICE_REMOTE_UFRAG);
        int n = new StunMessageWriter()
                .start(buf, 0, buf.length, StunMessageClass.REQUEST, StunMessage.METHOD_BINDING, ICE_TRANSACTION_ID, 0)
                .username(username, 0, username.length)
                .attribute(StunAttributeType.GOOG_NETWORK_INFO, GOOG_NETWORK_INFO, 0, GOOG_NETWORK_INFO.length)
                .iceControlling(ICE_TIE_BREAKER)
                .useCandidate()
                .priority(ICE_PRIORITY)
                .messageIntegrity(StunIntegrityChecker.shortTerm(ICE_PASSWORD))
                .fingerprint()
                .finish();
        return java.util.Arrays.copyOf(buf, n);
    }

    /** The success response to {@link #chromiumLikeRequest()}, for 192.0.2.1:32853. */
    static byte[] iceSuccessResponse() {
        byte[] buf = new byte[256];
        StunTransportAddress mapped = new StunTransportAddress();
        mapped.set(hex("c0000201"), 0, 4, 32853);
        int n = new StunMessageWriter()
                .start(buf, 0, buf.length, StunMessageClass.SUCCESS_RESPONSE, StunMessage.METHOD_BINDING,
                        ICE_TRANSACTION_ID, 0)
                .xorMappedAddress(mapped)
                .messageIntegrity(StunIntegrityChecker.shortTerm(ICE_PASSWORD))
                .fingerprint()
                .finish();
        return java.util.Arrays.copyOf(buf, n);
    }

    static List<byte[]> all() {
        return List.of(RFC5769_REQUEST, RFC5769_RESPONSE_IPV4, RFC5769_RESPONSE_IPV6, RFC5769_LONG_TERM_REQUEST,
                chromiumLikeRequest(), iceSuccessResponse());
    }
}

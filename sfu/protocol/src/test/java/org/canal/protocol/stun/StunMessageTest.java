package org.canal.protocol.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.canal.protocol.stun.StunTestVectors.RFC5769_LONG_TERM_REQUEST;
import static org.canal.protocol.stun.StunTestVectors.RFC5769_REQUEST;
import static org.canal.protocol.stun.StunTestVectors.hex;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.canal.protocol.MalformedInputException;
import org.junit.jupiter.api.Test;

/** Framing (RFC 8489 sections 5 and 14) and every refusal reason of {@link StunMessage#wrap}. */
class StunMessageTest {
    private static final String TX = "2112a442 0102030405060708090a0b0c"; // cookie, transaction id
    private final StunMessage message = new StunMessage();

    /** A Binding request (0x0001) around the given attributes, with the length field computed. */
    private static byte[] request(String attributes) {
        byte[] body = hex(attributes);
        return hex(String.format("0001 %04x", body.length) + TX + java.util.HexFormat.of().formatHex(body));
    }

    private StunMalformation refuse(byte[] bytes, StunMalformation expected) {
        StunMalformation m = message.wrap(bytes, 0, bytes.length);
        assertThat(m).isEqualTo(expected);
        assertThat(message.malformation()).isEqualTo(expected);
        return m;
    }

    /** RFC 8489 section 5: the header's own rules, in the order they are checked. */
    @Test
    void refusesBadHeaders() {
        refuse(hex("0001 0000 2112a442 0102030405060708090a0b"), StunMalformation.TRUNCATED_HEADER); // 19 bytes
        refuse(new byte[0], StunMalformation.TRUNCATED_HEADER);
        refuse(hex("8001 0000" + TX), StunMalformation.FIRST_BITS_NOT_ZERO); // an RTP-like first byte
        refuse(hex("4001 0000" + TX), StunMalformation.FIRST_BITS_NOT_ZERO);
        refuse(hex("0001 0000 2112a443 0102030405060708090a0b0c"), StunMalformation.BAD_MAGIC_COOKIE);
        refuse(hex("0001 0002" + TX + "0000"), StunMalformation.LENGTH_NOT_MULTIPLE_OF_FOUR);
        refuse(hex("0001 0008" + TX + "80220000"), StunMalformation.LENGTH_MISMATCH); // 4 bytes present, 8 said
        refuse(hex("0001 0000" + TX + "80220000"), StunMalformation.LENGTH_MISMATCH); // trailing bytes
    }

    /** RFC 8489 section 14: attribute framing and the lengths each known attribute allows. */
    @Test
    void refusesBadAttributes() {
        refuse(request("8022 0005 41424344"), StunMalformation.ATTRIBUTE_OVERRUNS_MESSAGE); // pads to 8, 4 present
        refuse(request("8022 0010 41424344"), StunMalformation.ATTRIBUTE_OVERRUNS_MESSAGE);
        refuse(request("0024 0008 00000001 00000002"), StunMalformation.BAD_ATTRIBUTE_LENGTH); // PRIORITY is 4
        refuse(request("0025 0004 00000000"), StunMalformation.BAD_ATTRIBUTE_LENGTH); // USE-CANDIDATE is empty
        refuse(request("802a 0004 00000000"), StunMalformation.BAD_ATTRIBUTE_LENGTH); // ICE-CONTROLLING is 8
        refuse(request("8029 000c 00000000 00000000 00000000"), StunMalformation.BAD_ATTRIBUTE_LENGTH);
        refuse(request("0008 0010" + "00".repeat(16)), StunMalformation.BAD_ATTRIBUTE_LENGTH); // MI is 20
        refuse(request("001c 000c" + "00".repeat(12)), StunMalformation.BAD_ATTRIBUTE_LENGTH); // MI-SHA256 >= 16
        refuse(request("8028 0008 00000000 00000000"), StunMalformation.BAD_ATTRIBUTE_LENGTH); // FINGERPRINT is 4
        refuse(request("0020 0014 0001 a147 e112a643" + "00".repeat(12)), StunMalformation.BAD_ATTRIBUTE_LENGTH);
        refuse(request("0020 0008 0002 a147 e112a643"), StunMalformation.BAD_ATTRIBUTE_LENGTH); // IPv6 in 8 bytes
        refuse(request("0020 0002 0001 0000"), StunMalformation.BAD_ATTRIBUTE_LENGTH);
        refuse(request("000a 0003 00300000"), StunMalformation.BAD_ATTRIBUTE_LENGTH); // UNKNOWN-ATTRIBUTES: pairs
        refuse(request("0009 0002 00000000"), StunMalformation.BAD_ATTRIBUTE_LENGTH); // ERROR-CODE >= 4
        refuse(request("0006 0204" + "61".repeat(0x204)), StunMalformation.BAD_ATTRIBUTE_LENGTH); // USERNAME > 513
        refuse(request("8022 0300" + "61".repeat(0x300)), StunMalformation.BAD_ATTRIBUTE_LENGTH); // SOFTWARE > 763
        refuse(request("0020 0008 0003 a147 e112a643"), StunMalformation.BAD_ADDRESS_FAMILY);
        refuse(request("0009 0004 00000701"), StunMalformation.BAD_ERROR_CODE); // class 7
        refuse(request("0009 0004 00000201"), StunMalformation.BAD_ERROR_CODE); // class 2
        refuse(request("0009 0004 00000464"), StunMalformation.BAD_ERROR_CODE); // number 100
        refuse(request("8028 0004 00000000 8022 0000"), StunMalformation.FINGERPRINT_NOT_LAST);
    }

    @Test
    void aRefusedViewReadsAsEmpty() {
        message.wrap(RFC5769_REQUEST, 0, RFC5769_REQUEST.length);
        assertThat(message.priority()).isPositive();
        refuse(java.util.Arrays.copyOf(RFC5769_REQUEST, 40), StunMalformation.LENGTH_MISMATCH);
        assertThat(message.priority()).isEqualTo(-1);
        assertThat(message.find(StunAttributeType.USERNAME)).isEqualTo(-1);
        assertThat(message.find(StunAttributeType.NONCE)).isEqualTo(-1);
        assertThat(message.firstAttribute()).isEqualTo(-1);
        assertThat(message.checkFingerprint()).isEqualTo(StunMalformation.LENGTH_MISMATCH);
        assertThat(StunIntegrityChecker.shortTerm("x").check(message)).isEqualTo(StunMalformation.LENGTH_MISMATCH);
        assertThatThrownBy(() -> message.parse(RFC5769_REQUEST, 0, 40))
                .isInstanceOf(MalformedInputException.class)
                .extracting(e -> ((MalformedInputException) e).reason()).isEqualTo(StunMalformation.LENGTH_MISMATCH);
    }

    @Test
    void aRangeOutsideTheArrayIsTheCallersBug() {
        assertThatThrownBy(() -> message.wrap(new byte[10], 5, 10)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    /** RFC 8489 section 5: class bits C1 (bit 8) and C0 (bit 4) interleaved with the method. */
    @Test
    void decodesInterleavedClassAndMethod() {
        assertThat(typeOf("0001")).isEqualTo("REQUEST/1");
        assertThat(typeOf("0011")).isEqualTo("INDICATION/1");
        assertThat(typeOf("0101")).isEqualTo("SUCCESS_RESPONSE/1");
        assertThat(typeOf("0111")).isEqualTo("ERROR_RESPONSE/1");
        assertThat(typeOf("0003")).isEqualTo("REQUEST/3"); // TURN Allocate
        assertThat(typeOf("3eef")).isEqualTo("REQUEST/4095"); // every method bit set
        assertThat(typeOf("3fff")).isEqualTo("ERROR_RESPONSE/4095");
        byte[] buf = new byte[20];
        for (StunMessageClass c : StunMessageClass.values()) {
            for (int method : new int[] {0x001, 0x003, 0x0A5, 0x5A0, 0xFFF}) {
                int n = new StunMessageWriter().start(buf, 0, 20, c, method, new byte[12], 0).finish();
                assertThat(message.wrap(buf, 0, n)).isNull();
                assertThat(message.messageClass()).isEqualTo(c);
                assertThat(message.method()).isEqualTo(method);
            }
        }
    }

    private String typeOf(String type) {
        byte[] b = hex(type + "0000" + TX);
        assertThat(message.wrap(b, 0, b.length)).isNull();
        return message.messageClass() + "/" + message.method();
    }

    @Test
    void comparesAndCopiesTheTransactionIdInPlace() {
        byte[] b = hex("0001 0000" + TX);
        message.wrap(b, 0, b.length);
        byte[] id = new byte[14];
        message.copyTransactionId(id, 2);
        assertThat(id).isEqualTo(hex("0000 0102030405060708090a0b0c"));
        assertThat(message.transactionIdEquals(id, 2)).isTrue();
        id[13] ^= 1;
        assertThat(message.transactionIdEquals(id, 2)).isFalse();
    }

    /** RFC 8489 section 14: unknown comprehension-required types are reported for a 420 answer. */
    @Test
    void reportsUnknownComprehensionRequiredAttributesOnce() {
        byte[] b = request("0030 0000 8030 0000 0030 0000 001e 0004 00000000 c057 0004 0001000a");
        assertThat(message.wrap(b, 0, b.length)).isNull();
        assertThat(message.unknownComprehensionRequiredCount()).isEqualTo(2);
        assertThat(message.unknownComprehensionRequired(0)).isEqualTo(0x0030);
        assertThat(message.unknownComprehensionRequired(1)).isEqualTo(StunAttributeType.USERHASH);
        int[] copy = new int[1];
        assertThat(message.copyUnknownComprehensionRequired(copy)).isEqualTo(1);
        assertThat(copy[0]).isEqualTo(0x30);
        assertThatThrownBy(() -> message.unknownComprehensionRequired(2)).isInstanceOf(IndexOutOfBoundsException.class);

        StringBuilder many = new StringBuilder();
        for (int t = 0x40; t < 0x40 + StunMessage.MAX_UNKNOWN_REPORTED + 3; t++) {
            many.append(String.format("%04x 0000 ", t));
        }
        byte[] m = request(many.toString());
        assertThat(message.wrap(m, 0, m.length)).isNull();
        assertThat(message.unknownComprehensionRequiredCount()).isEqualTo(StunMessage.MAX_UNKNOWN_REPORTED);
    }

    /**
     * RFC 8489 sections 14.5 and 14.6: after MESSAGE-INTEGRITY only MESSAGE-INTEGRITY-SHA256 and
     * FINGERPRINT count; after MESSAGE-INTEGRITY-SHA256 only FINGERPRINT. Ignored attributes are not
     * validated, found, or reported unknown.
     */
    @Test
    void ignoresAttributesAfterMessageIntegrity() {
        byte[] b = request("0008 0014" + "00".repeat(20)
                + "0024 0008 0000000100000002" // PRIORITY with a bad length: ignored, not refused
                + "0030 0000"                  // unknown comprehension-required: ignored
                + "0006 0001 61000000");       // USERNAME: ignored
        assertThat(message.wrap(b, 0, b.length)).isNull();
        assertThat(message.priority()).isEqualTo(-1);
        assertThat(message.find(StunAttributeType.USERNAME)).isEqualTo(-1);
        assertThat(message.unknownComprehensionRequiredCount()).isZero();
        assertThat(attributeTypes()).containsExactly(0x0008, 0x0024, 0x0030, 0x0006); // the walk sees all

        refuse(request("0008 0014" + "00".repeat(20) + "001c 000c" + "00".repeat(12)),
                StunMalformation.BAD_ATTRIBUTE_LENGTH); // MI-SHA256 after MI still counts
        byte[] sha = request("001c 0010" + "00".repeat(16) + "0008 0010" + "00".repeat(16) + "8028 0004 00000000");
        assertThat(message.wrap(sha, 0, sha.length)).isNull(); // MI after MI-SHA256 ignored, FINGERPRINT counts
        assertThat(message.find(StunAttributeType.MESSAGE_INTEGRITY)).isEqualTo(-1);
        assertThat(message.find(StunAttributeType.MESSAGE_INTEGRITY_SHA256)).isEqualTo(20);
        assertThat(message.find(StunAttributeType.FINGERPRINT)).isEqualTo(sha.length - 8);
    }

    /** RFC 8489 section 14: the first of a repeated attribute counts; padding is not checked. */
    @Test
    void firstOccurrenceCountsAndPaddingIsIgnored() {
        byte[] b = request("0024 0004 00000007 0024 0004 00000009 0006 0003 616263ff 0014 0001 78ffffff");
        assertThat(message.wrap(b, 0, b.length)).isNull();
        assertThat(message.priority()).isEqualTo(7);
        assertThat(message.usernameEquals(StunTestVectors.utf8("abc"), 0, 3)).isTrue();
        int realm = message.find(StunAttributeType.REALM);
        assertThat(message.attributeLength(realm)).isEqualTo(1);
        assertThat(message.buffer()[message.attributeValueOffset(realm)]).isEqualTo((byte) 'x');
        assertThat(message.find(0x7777)).isEqualTo(-1);
    }

    /** RFC 8445 section 7.2.2: USERNAME "RFRAG:LFRAG"; the receiver checks the part before the colon. */
    @Test
    void comparesTheUsernameOrItsPartBeforeTheColon() {
        byte[] b = request("0006 000d 75667261 67413a75 66726167 42000000"); // "ufragA:ufragB"
        assertThat(message.wrap(b, 0, b.length)).isNull();
        byte[] expected = StunTestVectors.utf8("xufragA:ufragB");
        assertThat(message.usernameEquals(expected, 1, 13)).isTrue();
        assertThat(message.usernameEquals(expected, 1, 12)).isFalse();
        assertThat(message.usernameBeforeColonEquals(expected, 1, 6)).isTrue();
        assertThat(message.usernameBeforeColonEquals(expected, 1, 5)).isFalse(); // "ufrag" is no fragment
        assertThat(message.usernameBeforeColonEquals(expected, 8, 6)).isFalse(); // "ufragB" is the sender's
        assertThat(message.usernameBeforeColonEquals(expected, 1, 13)).isFalse();
        byte[] none = request("");
        message.wrap(none, 0, none.length);
        assertThat(message.usernameEquals(expected, 0, 0)).isFalse();
        assertThat(message.usernameBeforeColonEquals(expected, 1, 6)).isFalse();
    }

    @Test
    void absentAttributesReadAsAbsent() throws MalformedInputException {
        message.parse(RFC5769_LONG_TERM_REQUEST, 0, RFC5769_LONG_TERM_REQUEST.length);
        StunTransportAddress a = new StunTransportAddress();
        a.set(new byte[4], 0, 4, 1);
        assertThat(message.xorMappedAddress(a)).isFalse();
        assertThat(a.family()).isZero();
        assertThat(a.addressLength()).isZero();
        assertThat(message.priority()).isEqualTo(-1);
        assertThat(message.iceControllingTieBreaker()).isZero();
        assertThat(message.iceControlledTieBreaker()).isZero();
        assertThat(message.errorCode()).isEqualTo(-1);
        assertThat(message.errorReasonOffset()).isEqualTo(-1);
        assertThat(message.errorReasonLength()).isZero();
        assertThat(message.unknownAttributesCount()).isZero();
        assertThat(message.softwareOffset()).isEqualTo(-1);
        assertThat(StunIntegrityChecker.shortTerm("x").check(message.parse(hex("0001 0000" + TX), 0, 20)))
                .isEqualTo(StunMalformation.MISSING_MESSAGE_INTEGRITY);
    }

    private List<Integer> attributeTypes() {
        List<Integer> types = new ArrayList<>();
        for (int at = message.firstAttribute(); at >= 0; at = message.nextAttribute(at)) {
            types.add(message.attributeType(at));
        }
        return types;
    }

    /** Each refusal reason, from a realistic input: the table must name every constant. */
    @Test
    void everyRefusalReasonIsReached() {
        byte[] ice = StunTestVectors.chromiumLikeRequest();
        byte[] flipped = ice.clone();
        flipped[25] ^= 0x01; // inside USERNAME
        java.util.Map<StunMalformation, byte[]> framing = new java.util.EnumMap<>(StunMalformation.class);
        framing.put(StunMalformation.TRUNCATED_HEADER, java.util.Arrays.copyOf(ice, 19));
        framing.put(StunMalformation.FIRST_BITS_NOT_ZERO, hex("8001 0000" + TX));
        framing.put(StunMalformation.BAD_MAGIC_COOKIE, hex("0001 0000 2112a443 0102030405060708090a0b0c"));
        framing.put(StunMalformation.LENGTH_NOT_MULTIPLE_OF_FOUR, hex("0001 0002" + TX + "0000"));
        framing.put(StunMalformation.LENGTH_MISMATCH, java.util.Arrays.copyOf(ice, ice.length - 4));
        framing.put(StunMalformation.ATTRIBUTE_OVERRUNS_MESSAGE, request("8022 0010 41424344"));
        framing.put(StunMalformation.BAD_ATTRIBUTE_LENGTH, request("0024 0008 00000001 00000002"));
        framing.put(StunMalformation.BAD_ADDRESS_FAMILY, request("0020 0008 0003 a147 e112a643"));
        framing.put(StunMalformation.BAD_ERROR_CODE, request("0009 0004 00000701"));
        framing.put(StunMalformation.FINGERPRINT_NOT_LAST, request("8028 0004 00000000 8022 0000"));
        framing.forEach((reason, bytes) -> assertThat(message.wrap(bytes, 0, bytes.length)).isEqualTo(reason));

        StunIntegrityChecker key = StunIntegrityChecker.shortTerm(StunTestVectors.ICE_PASSWORD);
        java.util.Map<StunMalformation, StunMalformation> checks = new java.util.EnumMap<>(StunMalformation.class);
        message.wrap(RFC5769_LONG_TERM_REQUEST, 0, RFC5769_LONG_TERM_REQUEST.length);
        checks.put(StunMalformation.MISSING_FINGERPRINT, message.checkFingerprint());
        message.wrap(RFC5769_REQUEST, 0, RFC5769_REQUEST.length);
        checks.put(StunMalformation.INTEGRITY_MISMATCH, key.check(message)); // another agent's password
        byte[] bare = hex("0001 0000" + TX);
        message.wrap(bare, 0, bare.length);
        checks.put(StunMalformation.MISSING_MESSAGE_INTEGRITY, key.check(message));
        message.wrap(flipped, 0, flipped.length);
        checks.put(StunMalformation.FINGERPRINT_MISMATCH, message.checkFingerprint());
        checks.forEach((reason, got) -> assertThat(got).isEqualTo(reason));

        Set<StunMalformation> reached = EnumSet.copyOf(framing.keySet());
        reached.addAll(checks.keySet());
        assertThat(reached).isEqualTo(EnumSet.allOf(StunMalformation.class));
        for (StunMalformation m : StunMalformation.values()) {
            assertThat(m.explanation()).endsWith(".").contains("RFC 8489");
        }
    }
}

package org.canal.protocol.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.canal.protocol.stun.StunTestVectors.ICE_LOCAL_UFRAG;
import static org.canal.protocol.stun.StunTestVectors.ICE_PASSWORD;
import static org.canal.protocol.stun.StunTestVectors.ICE_PRIORITY;
import static org.canal.protocol.stun.StunTestVectors.ICE_REMOTE_UFRAG;
import static org.canal.protocol.stun.StunTestVectors.ICE_TIE_BREAKER;
import static org.canal.protocol.stun.StunTestVectors.ICE_TRANSACTION_ID;
import static org.canal.protocol.stun.StunTestVectors.hex;
import static org.canal.protocol.stun.StunTestVectors.utf8;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Building ICE binding messages (RFC 8445 section 7.2, RFC 8489 section 14) and checking them back. */
class StunMessageWriterTest {
    private final StunMessage message = new StunMessage();
    private final StunMessageWriter writer = new StunMessageWriter();
    private final StunIntegrityChecker key = StunIntegrityChecker.shortTerm(ICE_PASSWORD);

    /**
     * RFC 8445 section 7.2.2 / 7.2.5.1: a nominating check as Chromium sends it, with its
     * comprehension-optional GOOG-NETWORK-INFO (0xC057), which a receiver ignores.
     */
    @Test
    void chromiumLikeBindingRequestIsBuiltInOrderAndChecks() {
        byte[] request = StunTestVectors.chromiumLikeRequest();

        assertThat(message.wrap(request, 0, request.length)).isNull();
        assertThat(message.messageClass()).isEqualTo(StunMessageClass.REQUEST);
        assertThat(message.isBinding()).isTrue();
        assertThat(message.transactionIdEquals(ICE_TRANSACTION_ID, 0)).isTrue();
        assertThat(types()).containsExactly(StunAttributeType.USERNAME, StunAttributeType.GOOG_NETWORK_INFO,
                StunAttributeType.ICE_CONTROLLING, StunAttributeType.USE_CANDIDATE, StunAttributeType.PRIORITY,
                StunAttributeType.MESSAGE_INTEGRITY, StunAttributeType.FINGERPRINT);
        byte[] local = utf8(ICE_LOCAL_UFRAG);
        assertThat(message.usernameBeforeColonEquals(local, 0, local.length)).isTrue();
        byte[] full = utf8(ICE_LOCAL_UFRAG + ":" + ICE_REMOTE_UFRAG);
        assertThat(message.usernameEquals(full, 0, full.length)).isTrue();
        assertThat(message.hasIceControlling()).isTrue();
        assertThat(message.iceControllingTieBreaker()).isEqualTo(ICE_TIE_BREAKER);
        assertThat(message.hasIceControlled()).isFalse();
        assertThat(message.hasUseCandidate()).isTrue();
        assertThat(message.priority()).isEqualTo(ICE_PRIORITY);
        assertThat(message.unknownComprehensionRequiredCount()).isZero();
        assertThat(message.find(StunAttributeType.GOOG_NETWORK_INFO)).isEqualTo(20 + 4 + 16);
        assertThat(key.check(message)).isNull();
        assertThat(message.checkFingerprint()).isNull();
        // Header: Binding request, length = message minus header; all padding zero.
        assertThat(Arrays.copyOf(request, 4)).isEqualTo(hex(String.format("0001 %04x", request.length - 20)));
        assertThat(Arrays.copyOfRange(request, 37, 40)).isEqualTo(new byte[3]); // "ufragA:ufragB" + 3 zeros
    }

    /** RFC 8489 section 9.1.3: a request under another password fails integrity (then 401). */
    @Test
    void aWrongPasswordIsRefused() {
        byte[] request = StunTestVectors.chromiumLikeRequest();
        message.wrap(request, 0, request.length);
        assertThat(StunIntegrityChecker.shortTerm(ICE_PASSWORD + "x").check(message))
                .isEqualTo(StunMalformation.INTEGRITY_MISMATCH);
        assertThat(StunIntegrityChecker.shortTerm(ICE_PASSWORD.substring(1)).check(message))
                .isEqualTo(StunMalformation.INTEGRITY_MISMATCH);
        assertThat(key.check(message)).isNull(); // the checker is reusable after a refusal
    }

    /**
     * RFC 8489 section 14.7: CRC-32 catches every single-bit error, so flipping any one bit of the
     * message is refused by wrap or by the FINGERPRINT check; bits before MESSAGE-INTEGRITY's value
     * ends also fail integrity (section 14.5).
     */
    @Test
    void everyFlippedBitIsRefused() {
        byte[] request = StunTestVectors.chromiumLikeRequest();
        int byFingerprint = 0;
        for (int bit = 0; bit < request.length * 8; bit++) {
            byte[] b = request.clone();
            b[bit / 8] ^= (byte) (1 << (bit % 8));
            StunMalformation framing = message.wrap(b, 0, b.length);
            StunMalformation fingerprint = message.checkFingerprint();
            assertThat(fingerprint).as("bit %d", bit).isNotNull();
            if (framing == null) {
                // A flipped type or length can hide FINGERPRINT (e.g. USERNAME's length grown to swallow
                // the rest): then it is missing, which a receiver requiring it refuses as well.
                assertThat(fingerprint).as("bit %d", bit)
                        .isIn(StunMalformation.FINGERPRINT_MISMATCH, StunMalformation.MISSING_FINGERPRINT);
                byFingerprint++;
                if (bit / 8 < request.length - 32) { // before MESSAGE-INTEGRITY's value ends
                    assertThat(key.check(message)).as("bit %d", bit)
                            .isIn(StunMalformation.INTEGRITY_MISMATCH, StunMalformation.MISSING_MESSAGE_INTEGRITY);
                }
            }
        }
        assertThat(byFingerprint).isGreaterThan(request.length * 8 / 2);
    }

    /** RFC 8445 section 7.3.1.4 / RFC 8489 section 14.2: the success response carries the source address. */
    @Test
    void successResponseCarriesTheMappedAddress() {
        byte[] response = StunTestVectors.iceSuccessResponse();
        assertThat(message.wrap(response, 0, response.length)).isNull();
        assertThat(message.messageClass()).isEqualTo(StunMessageClass.SUCCESS_RESPONSE);
        StunTransportAddress mapped = new StunTransportAddress();
        assertThat(message.xorMappedAddress(mapped)).isTrue();
        assertThat(mapped).hasToString("c0000201/32853");
        assertThat(key.check(message)).isNull();
        assertThat(message.checkFingerprint()).isNull();
    }

    /** RFC 8489 sections 14.8 and 14.9: a 420 answer lists the unknown types; odd counts are padded. */
    @Test
    void errorResponse420ListsUnknownAttributes() {
        byte[] request = hex("0001 000c 2112a442 0102030405060708090a0b0c  0030 0000  0031 0000  0032 0000");
        message.wrap(request, 0, request.length);
        int[] unknown = new int[StunMessage.MAX_UNKNOWN_REPORTED];
        int count = message.copyUnknownComprehensionRequired(unknown);
        byte[] txId = new byte[12];
        message.copyTransactionId(txId, 0);
        byte[] reason = utf8("Unknown Attribute");
        byte[] buf = new byte[128];
        int n = writer.start(buf, 0, buf.length, StunMessageClass.ERROR_RESPONSE, StunMessage.METHOD_BINDING, txId, 0)
                .errorCode(420, reason, 0, reason.length)
                .unknownAttributes(unknown, count)
                .fingerprint()
                .finish();

        assertThat(message.wrap(buf, 0, n)).isNull();
        assertThat(message.messageClass()).isEqualTo(StunMessageClass.ERROR_RESPONSE);
        assertThat(message.errorCode()).isEqualTo(420);
        assertThat(new String(buf, message.errorReasonOffset(), message.errorReasonLength())).isEqualTo("Unknown Attribute");
        assertThat(message.unknownAttributesCount()).isEqualTo(3);
        assertThat(new int[] {message.unknownAttributesEntry(0), message.unknownAttributesEntry(1),
                message.unknownAttributesEntry(2)}).containsExactly(0x30, 0x31, 0x32);
        int at = message.find(StunAttributeType.UNKNOWN_ATTRIBUTES);
        assertThat(message.attributeLength(at)).isEqualTo(6);
        assertThat(Arrays.copyOfRange(buf, at + 4, at + 12)).isEqualTo(hex("0030 0031 0032 0000"));
        assertThat(message.checkFingerprint()).isNull();
    }

    /** RFC 8445 section 7.3.1.1: 487 Role Conflict, signed, as an ICE agent answers it. */
    @Test
    void errorResponse487IsSigned() {
        byte[] reason = utf8("Role Conflict");
        byte[] buf = new byte[128];
        int n = writer.start(buf, 0, buf.length, StunMessageClass.ERROR_RESPONSE, 1, ICE_TRANSACTION_ID, 0)
                .errorCode(487, reason, 0, reason.length)
                .messageIntegrity(key)
                .fingerprint()
                .finish();
        assertThat(message.wrap(buf, 0, n)).isNull();
        assertThat(message.errorCode()).isEqualTo(487);
        assertThat(key.check(message)).isNull();
        assertThat(message.checkFingerprint()).isNull();
    }

    @Test
    void aFullBufferFailsWithoutWritingPastCapacity() {
        byte[] buf = new byte[64];
        Arrays.fill(buf, (byte) 0x77);
        byte[] username = utf8("ufragA:ufragB");
        int n = writer.start(buf, 4, 40, StunMessageClass.REQUEST, 1, ICE_TRANSACTION_ID, 0)
                .username(username, 0, username.length) // 20 + 20 = 40: fits exactly
                .priority(1)                              // does not fit
                .fingerprint()
                .finish();
        assertThat(n).isEqualTo(-1);
        for (int i = 44; i < 64; i++) {
            assertThat(buf[i]).isEqualTo((byte) 0x77);
        }
        assertThat(writer.start(buf, 0, 19, StunMessageClass.REQUEST, 1, ICE_TRANSACTION_ID, 0).finish()).isEqualTo(-1);
        // The same writer works again afterwards.
        assertThat(writer.start(buf, 4, 40, StunMessageClass.REQUEST, 1, ICE_TRANSACTION_ID, 0)
                .username(username, 0, username.length).finish()).isEqualTo(40);
    }

    @Test
    void callsOutOfOrderOrOutOfRangeFail() {
        byte[] buf = new byte[1024];
        assertThat(start().messageIntegrity(key).priority(1).finish()).isEqualTo(-1); // after MI only FINGERPRINT
        assertThat(start().fingerprint().fingerprint().finish()).isEqualTo(-1);
        assertThat(start().fingerprint().messageIntegrity(key).finish()).isEqualTo(-1);
        assertThat(start().errorCode(700, buf, 0, 0).finish()).isEqualTo(-1);
        assertThat(start().errorCode(299, buf, 0, 0).finish()).isEqualTo(-1);
        assertThat(start().xorMappedAddress(new StunTransportAddress()).finish()).isEqualTo(-1);
        assertThat(writer.start(buf, 0, buf.length, StunMessageClass.REQUEST, 0x1000, ICE_TRANSACTION_ID, 0).finish())
                .isEqualTo(-1);
        byte[] big = new byte[70_000];
        assertThat(writer.start(big, 0, big.length, StunMessageClass.REQUEST, 1, ICE_TRANSACTION_ID, 0)
                .attribute(0x8030, big, 0, 0x10000).finish()).isEqualTo(-1); // a value longer than 16 bits
        assertThat(writer.start(big, 0, big.length, StunMessageClass.REQUEST, 1, ICE_TRANSACTION_ID, 0)
                .attribute(0x8030, big, 0, 0xFFF8).attribute(0x8031, big, 0, 0).finish()).isEqualTo(-1); // body > 0xFFFF
        assertThat(writer.start(big, 0, big.length, StunMessageClass.REQUEST, 1, ICE_TRANSACTION_ID, 0)
                .attribute(0x8030, big, 0, 0xFFF4).attribute(0x8031, big, 0, 0).finish()).isEqualTo(20 + 0xFFFC);
        assertThat(start().messageIntegrity(key).fingerprint().finish()).isEqualTo(20 + 24 + 8);
    }

    private StunMessageWriter start() {
        byte[] buf = new byte[256];
        return writer.start(buf, 0, buf.length, StunMessageClass.REQUEST, 1, ICE_TRANSACTION_ID, 0);
    }

    private java.util.List<Integer> types() {
        java.util.List<Integer> types = new java.util.ArrayList<>();
        for (int at = message.firstAttribute(); at >= 0; at = message.nextAttribute(at)) {
            types.add(message.attributeType(at));
        }
        return types;
    }
}

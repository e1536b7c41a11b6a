package org.canal.protocol.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.canal.protocol.stun.StunTestVectors.RFC5769_LONG_TERM_PASSWORD;
import static org.canal.protocol.stun.StunTestVectors.RFC5769_LONG_TERM_REQUEST;
import static org.canal.protocol.stun.StunTestVectors.RFC5769_LONG_TERM_USERNAME;
import static org.canal.protocol.stun.StunTestVectors.RFC5769_NONCE;
import static org.canal.protocol.stun.StunTestVectors.RFC5769_PASSWORD;
import static org.canal.protocol.stun.StunTestVectors.RFC5769_REALM;
import static org.canal.protocol.stun.StunTestVectors.RFC5769_REQUEST;
import static org.canal.protocol.stun.StunTestVectors.RFC5769_RESPONSE_IPV4;
import static org.canal.protocol.stun.StunTestVectors.RFC5769_RESPONSE_IPV6;
import static org.canal.protocol.stun.StunTestVectors.hex;
import static org.canal.protocol.stun.StunTestVectors.utf8;

import java.util.Arrays;
import org.canal.protocol.MalformedInputException;
import org.junit.jupiter.api.Test;

/**
 * The sample messages of RFC 5769 ("Test Vectors for STUN"): parsed, authenticated, decoded, and
 * rebuilt byte for byte. The vectors pad USERNAME and SOFTWARE with 0x20 where RFC 8489 section 14 has
 * senders pad with zeros; receivers ignore padding, and the rebuilds set {@link
 * StunMessageWriter#paddingByte} to 0x20 to reproduce them, which also proves the padding is covered by
 * MESSAGE-INTEGRITY and FINGERPRINT exactly as the RFC's values say.
 */
class Rfc5769VectorsTest {
    private static final byte[] TRANSACTION_ID = hex("b7e7a701bc34d686fa87dfae");
    private final StunMessage message = new StunMessage();

    /** RFC 5769 section 2.1: sample request. */
    @Test
    void sampleRequestParsesAndAuthenticates() throws MalformedInputException {
        message.parse(RFC5769_REQUEST, 0, RFC5769_REQUEST.length);

        assertThat(message.messageClass()).isEqualTo(StunMessageClass.REQUEST);
        assertThat(message.isBinding()).isTrue();
        assertThat(message.transactionIdEquals(TRANSACTION_ID, 0)).isTrue();
        assertThat(text(message.softwareOffset(), message.find(StunAttributeType.SOFTWARE))).isEqualTo("STUN test client");
        assertThat(message.priority()).isEqualTo(0x6e0001ffL);
        assertThat(message.hasIceControlled()).isTrue();
        assertThat(message.iceControlledTieBreaker()).isEqualTo(0x932ff9b151263b36L);
        assertThat(message.hasIceControlling()).isFalse();
        assertThat(message.hasUseCandidate()).isFalse();
        assertThat(message.usernameEquals(utf8("evtj:h6vY"), 0, 9)).isTrue();
        assertThat(message.usernameBeforeColonEquals(utf8("evtj"), 0, 4)).isTrue();
        assertThat(message.unknownComprehensionRequiredCount()).isZero();
        assertThat(StunIntegrityChecker.shortTerm(RFC5769_PASSWORD).check(message)).isNull();
        assertThat(message.checkFingerprint()).isNull();
    }

    /** RFC 5769 section 2.1: rebuilt attribute by attribute, with the vector's 0x20 padding. */
    @Test
    void sampleRequestRebuildsByteForByte() {
        byte[] buf = new byte[200];
        byte[] username = utf8("evtj:h6vY");
        byte[] software = utf8("STUN test client");
        int n = new StunMessageWriter()
                .start(buf, 0, buf.length, StunMessageClass.REQUEST, StunMessage.METHOD_BINDING, TRANSACTION_ID, 0)
                .paddingByte(0x20)
                .software(software, 0, software.length)
                .priority(0x6e0001ffL)
                .iceControlled(0x932ff9b151263b36L)
                .username(username, 0, username.length)
                .messageIntegrity(StunIntegrityChecker.shortTerm(RFC5769_PASSWORD))
                .fingerprint()
                .finish();

        assertThat(Arrays.copyOf(buf, n)).isEqualTo(RFC5769_REQUEST);
    }

    /** RFC 5769 section 2.2: sample IPv4 response. */
    @Test
    void sampleIpv4ResponseDecodesTheMappedAddress() throws MalformedInputException {
        message.parse(RFC5769_RESPONSE_IPV4, 0, RFC5769_RESPONSE_IPV4.length);
        StunTransportAddress mapped = new StunTransportAddress();

        assertThat(message.messageClass()).isEqualTo(StunMessageClass.SUCCESS_RESPONSE);
        assertThat(message.method()).isEqualTo(StunMessage.METHOD_BINDING);
        assertThat(message.xorMappedAddress(mapped)).isTrue();
        assertThat(mapped.family()).isEqualTo(StunTransportAddress.FAMILY_IPV4);
        assertThat(Arrays.copyOf(mapped.address(), mapped.addressLength())).isEqualTo(hex("c0000201")); // 192.0.2.1
        assertThat(mapped.port()).isEqualTo(32853);
        assertThat(text(message.softwareOffset(), message.find(StunAttributeType.SOFTWARE))).isEqualTo("test vector");
        assertThat(StunIntegrityChecker.shortTerm(RFC5769_PASSWORD).check(message)).isNull();
        assertThat(message.checkFingerprint()).isNull();
    }

    /** RFC 5769 section 2.2: rebuilt, encoding XOR-MAPPED-ADDRESS from 192.0.2.1:32853. */
    @Test
    void sampleIpv4ResponseRebuildsByteForByte() {
        StunTransportAddress mapped = new StunTransportAddress();
        mapped.set(hex("c0000201"), 0, 4, 32853);
        assertThat(response(mapped)).isEqualTo(RFC5769_RESPONSE_IPV4);
    }

    /** RFC 5769 section 2.3: sample IPv6 response. */
    @Test
    void sampleIpv6ResponseDecodesTheMappedAddress() throws MalformedInputException {
        message.parse(RFC5769_RESPONSE_IPV6, 0, RFC5769_RESPONSE_IPV6.length);
        StunTransportAddress mapped = new StunTransportAddress();

        assertThat(message.xorMappedAddress(mapped)).isTrue();
        assertThat(mapped.family()).isEqualTo(StunTransportAddress.FAMILY_IPV6);
        assertThat(Arrays.copyOf(mapped.address(), mapped.addressLength()))
                .isEqualTo(hex("20010db8 12345678 00112233 44556677")); // 2001:db8:1234:5678:11:2233:4455:6677
        assertThat(mapped.port()).isEqualTo(32853);
        assertThat(StunIntegrityChecker.shortTerm(RFC5769_PASSWORD).check(message)).isNull();
        assertThat(message.checkFingerprint()).isNull();
    }

    /** RFC 5769 section 2.3: rebuilt, encoding the IPv6 address XOR cookie and transaction id. */
    @Test
    void sampleIpv6ResponseRebuildsByteForByte() {
        StunTransportAddress mapped = new StunTransportAddress();
        mapped.set(hex("20010db8 12345678 00112233 44556677"), 0, 16, 32853);
        assertThat(response(mapped)).isEqualTo(RFC5769_RESPONSE_IPV6);
    }

    /** RFC 5769 section 2.4: sample request with long-term authentication (no FINGERPRINT). */
    @Test
    void longTermRequestAuthenticatesWithTheSaslPreppedPassword() throws MalformedInputException {
        message.parse(RFC5769_LONG_TERM_REQUEST, 0, RFC5769_LONG_TERM_REQUEST.length);
        byte[] username = utf8(RFC5769_LONG_TERM_USERNAME);

        assertThat(username).hasSize(18);
        assertThat(message.usernameEquals(username, 0, username.length)).isTrue();
        int nonce = message.find(StunAttributeType.NONCE);
        assertThat(text(message.attributeValueOffset(nonce), nonce)).isEqualTo(RFC5769_NONCE);
        int realm = message.find(StunAttributeType.REALM);
        assertThat(text(message.attributeValueOffset(realm), realm)).isEqualTo(RFC5769_REALM);
        assertThat(StunIntegrityChecker.longTerm(RFC5769_LONG_TERM_USERNAME, RFC5769_REALM, RFC5769_LONG_TERM_PASSWORD)
                .check(message)).isNull();
        assertThat(message.checkFingerprint()).isEqualTo(StunMalformation.MISSING_FINGERPRINT);
        // The unprepared password is a different key (RFC 5769 section 2.4 gives it before SASLprep).
        assertThat(StunIntegrityChecker.longTerm(RFC5769_LONG_TERM_USERNAME, RFC5769_REALM,
                "The\u00ADM\u00AAtr\u2168").check(message)).isEqualTo(StunMalformation.INTEGRITY_MISMATCH);
    }

    /** RFC 5769 section 2.4: rebuilt with zero padding, as the vector has it there. */
    @Test
    void longTermRequestRebuildsByteForByte() {
        byte[] buf = new byte[200];
        byte[] username = utf8(RFC5769_LONG_TERM_USERNAME);
        byte[] nonce = utf8(RFC5769_NONCE);
        byte[] realm = utf8(RFC5769_REALM);
        int n = new StunMessageWriter()
                .start(buf, 0, buf.length, StunMessageClass.REQUEST, StunMessage.METHOD_BINDING,
                        hex("78ad3433c6ad72c029da412e"), 0)
                .username(username, 0, username.length)
                .attribute(StunAttributeType.NONCE, nonce, 0, nonce.length)
                .attribute(StunAttributeType.REALM, realm, 0, realm.length)
                .messageIntegrity(StunIntegrityChecker.longTerm(RFC5769_LONG_TERM_USERNAME, RFC5769_REALM,
                        RFC5769_LONG_TERM_PASSWORD))
                .finish();

        assertThat(Arrays.copyOf(buf, n)).isEqualTo(RFC5769_LONG_TERM_REQUEST);
    }

    /** RFC 5769 sections 2.1-2.4: a vector parses the same at any offset, and twice into one view. */
    @Test
    void vectorsParseAtAnOffsetAndTwiceIntoTheSameView() throws MalformedInputException {
        for (byte[] vector : new byte[][] {RFC5769_REQUEST, RFC5769_RESPONSE_IPV4, RFC5769_RESPONSE_IPV6,
                RFC5769_LONG_TERM_REQUEST}) {
            byte[] shifted = new byte[vector.length + 13];
            System.arraycopy(vector, 0, shifted, 7, vector.length);
            message.parse(shifted, 7, vector.length);
            int mi = message.find(StunAttributeType.MESSAGE_INTEGRITY) - 7;
            message.parse(vector, 0, vector.length);
            assertThat(message.find(StunAttributeType.MESSAGE_INTEGRITY)).isEqualTo(mi);
        }
    }

    private static byte[] response(StunTransportAddress mapped) {
        byte[] buf = new byte[200];
        byte[] software = utf8("test vector");
        int n = new StunMessageWriter()
                .start(buf, 0, buf.length, StunMessageClass.SUCCESS_RESPONSE, StunMessage.METHOD_BINDING,
                        TRANSACTION_ID, 0)
                .paddingByte(0x20)
                .software(software, 0, software.length)
                .xorMappedAddress(mapped)
                .messageIntegrity(StunIntegrityChecker.shortTerm(RFC5769_PASSWORD))
                .fingerprint()
                .finish();
        return Arrays.copyOf(buf, n);
    }

    private String text(int valueOffset, int at) {
        return new String(message.buffer(), valueOffset, message.attributeLength(at), java.nio.charset.StandardCharsets.UTF_8);
    }
}

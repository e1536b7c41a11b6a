package org.canal.protocol.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.canal.protocol.stun.StunTestVectors.RFC5769_RESPONSE_IPV4;
import static org.canal.protocol.stun.StunTestVectors.RFC5769_RESPONSE_IPV6;
import static org.canal.protocol.stun.StunTestVectors.hex;

import java.util.Arrays;
import org.canal.protocol.MalformedInputException;
import org.junit.jupiter.api.Test;

/**
 * The TURN attributes a TURN client needs to allocate a relay (RFC 8656 section 18): written and read
 * back, byte for byte where the RFC fixes the bytes. XOR-RELAYED-ADDRESS is "encoded in the same way as
 * XOR-MAPPED-ADDRESS" (section 18.5), so RFC 5769's sample addresses give its exact bytes.
 */
class TurnAttributesTest {
    private static final byte[] RFC5769_TRANSACTION_ID = hex("b7e7a701 bc34d686 fa87dfae");

    private final StunMessage message = new StunMessage();
    private final StunMessageWriter writer = new StunMessageWriter();
    private final byte[] buf = new byte[256];

    /** RFC 8656 section 18.7: protocol number 17 (UDP) then 3 bytes RFFU; section 17: Allocate is 0x003. */
    @Test
    void allocateRequestCarriesRequestedTransportAndLifetime() throws MalformedInputException {
        int n = writer.start(buf, 0, buf.length, StunMessageClass.REQUEST, StunMessage.METHOD_ALLOCATE,
                RFC5769_TRANSACTION_ID, 0).requestedTransport(17).lifetime(600).fingerprint().finish();

        assertThat(Arrays.copyOf(buf, n - 8)).isEqualTo(hex("""
                0003 0018                     # Allocate request, length 24
                2112a442                      # magic cookie
                b7e7a701 bc34d686 fa87dfae    # transaction id
                0019 0004                     # REQUESTED-TRANSPORT, length 4
                11 000000                     #   UDP (17), RFFU
                000d 0004                     # LIFETIME, length 4
                00000258                      #   600 seconds
                """));
        message.parse(buf, 0, n);
        assertThat(message.method()).isEqualTo(StunMessage.METHOD_ALLOCATE);
        assertThat(message.isBinding()).isFalse();
        assertThat(message.u32Attribute(StunAttributeType.LIFETIME)).isEqualTo(600);
        assertThat(message.u32Attribute(StunAttributeType.REQUESTED_TRANSPORT)).isEqualTo(17L << 24);
        assertThat(message.checkFingerprint()).isNull();
        // Canal is no TURN server: a request with TURN's comprehension-required types gets 420 from it.
        assertThat(message.unknownComprehensionRequiredCount()).isEqualTo(2);
        assertThat(message.unknownComprehensionRequired(0)).isEqualTo(StunAttributeType.REQUESTED_TRANSPORT);
    }

    /** RFC 8656 section 18.5 with RFC 5769 section 2.2's address: 192.0.2.1 port 32853. */
    @Test
    void xorRelayedAddressIsEncodedAsXorMappedAddressIpv4() throws MalformedInputException {
        relayedAddressMatchesVector(hex("c0000201"), RFC5769_RESPONSE_IPV4, 40);
    }

    /** RFC 8656 section 18.5 with RFC 5769 section 2.3's address, XOR cookie and transaction id. */
    @Test
    void xorRelayedAddressIsEncodedAsXorMappedAddressIpv6() throws MalformedInputException {
        relayedAddressMatchesVector(hex("20010db8 12345678 00112233 44556677"), RFC5769_RESPONSE_IPV6, 40);
    }

    private void relayedAddressMatchesVector(byte[] ip, byte[] vector, int vectorValueAt) throws MalformedInputException {
        StunTransportAddress relayed = new StunTransportAddress();
        relayed.set(ip, 0, ip.length, 32853);
        int n = writer.start(buf, 0, buf.length, StunMessageClass.SUCCESS_RESPONSE, StunMessage.METHOD_ALLOCATE,
                RFC5769_TRANSACTION_ID, 0).xorAddress(StunAttributeType.XOR_RELAYED_ADDRESS, relayed)
                .lifetime(600).finish();

        int valueLength = 4 + ip.length;
        assertThat(Arrays.copyOfRange(buf, 20, 24)).isEqualTo(new byte[] {0x00, 0x16, 0x00, (byte) valueLength});
        assertThat(Arrays.copyOfRange(buf, 24, 24 + valueLength))
                .isEqualTo(Arrays.copyOfRange(vector, vectorValueAt, vectorValueAt + valueLength));

        message.parse(buf, 0, n);
        StunTransportAddress decoded = new StunTransportAddress();
        assertThat(message.xorAddress(StunAttributeType.XOR_RELAYED_ADDRESS, decoded)).isTrue();
        assertThat(Arrays.copyOf(decoded.address(), decoded.addressLength())).isEqualTo(ip);
        assertThat(decoded.port()).isEqualTo(32853);
        assertThat(message.xorMappedAddress(decoded)).as("no XOR-MAPPED-ADDRESS in it").isFalse();
        assertThat(decoded.family()).isZero();
    }

    /** An address attribute with an unknown family or a wrong length reads as absent, never throws. */
    @Test
    void aBadRelayedAddressReadsAsAbsent() throws MalformedInputException {
        byte[] bad = hex("""
                0103 0014                     # Allocate success response, length 20
                2112a442 b7e7a701 bc34d686 fa87dfae
                0016 0008                     # XOR-RELAYED-ADDRESS, length 8
                00 03 a147 e112a643           #   family 3: none
                000d 0002 0258 0000           # LIFETIME, length 2: not 4
                """);
        message.parse(bad, 0, bad.length);
        StunTransportAddress decoded = new StunTransportAddress();

        assertThat(message.xorAddress(StunAttributeType.XOR_RELAYED_ADDRESS, decoded)).isFalse();
        assertThat(message.u32Attribute(StunAttributeType.LIFETIME)).isEqualTo(-1);
        assertThat(message.u32Attribute(StunAttributeType.PRIORITY)).isEqualTo(-1);
    }
}

package org.canal.protocol.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.canal.protocol.rtp.RtpSamples.OPUS;
import static org.canal.protocol.rtp.RtpSamples.TWO_BYTE;
import static org.canal.protocol.rtp.RtpSamples.VP8;
import static org.canal.protocol.rtp.RtpSamples.hex;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.canal.protocol.MalformedInputException;
import org.junit.jupiter.api.Test;

/** RFC 3550 section 5.1 fixed header, CSRCs, padding, and the 5.3.1 extension block, on hand-built packets. */
class RtpPacketTest {
    private final RtpPacket packet = new RtpPacket();

    @Test
    void readsTheFieldsOfAChromiumOpusPacket() {
        assertThat(packet.wrap(OPUS, 0, OPUS.length)).isTrue();
        assertThat(packet.malformation()).isNull();
        assertThat(packet.version()).isEqualTo(2);
        assertThat(packet.hasPadding()).isFalse();
        assertThat(packet.hasExtension()).isTrue();
        assertThat(packet.csrcCount()).isZero();
        assertThat(packet.marker()).isTrue();
        assertThat(packet.payloadType()).isEqualTo(111);
        assertThat(packet.sequenceNumber()).isEqualTo(6699);
        assertThat(packet.timestamp()).isEqualTo(48_000L);
        assertThat(packet.ssrc()).isEqualTo(0x12345678L);
        assertThat(packet.extensionProfile()).isEqualTo(0xBEDE);
        assertThat(packet.extensionDataOffset()).isEqualTo(16);
        assertThat(packet.extensionDataLength()).isEqualTo(12);
        assertThat(packet.headerLength()).isEqualTo(28);
        assertThat(packet.payloadOffset()).isEqualTo(28);
        assertThat(packet.payloadLength()).isEqualTo(6);
        assertThat(packet.paddingLength()).isZero();
        assertThat(OPUS[packet.payloadOffset()]).isEqualTo((byte) 0x78);
        assertThat(packet.buffer()).isSameAs(OPUS);
        assertThat(packet.offset()).isZero();
        assertThat(packet.length()).isEqualTo(OPUS.length);
        assertThat(RtpPacket.headerLength(OPUS, 0, OPUS.length)).isEqualTo(28);
    }

    @Test
    void readsCsrcsAndPaddingOfAVp8PacketAtTheTopOfBothSpaces() {
        assertThat(packet.wrap(VP8, 0, VP8.length)).isTrue();
        assertThat(packet.hasPadding()).isTrue();
        assertThat(packet.hasExtension()).isFalse();
        assertThat(packet.extensionProfile()).isEqualTo(-1);
        assertThat(packet.extensionDataLength()).isZero();
        assertThat(packet.csrcCount()).isEqualTo(2);
        assertThat(packet.csrc(0)).isEqualTo(0x11111111L);
        assertThat(packet.csrc(1)).isEqualTo(0x22222222L);
        assertThat(packet.marker()).isTrue();
        assertThat(packet.payloadType()).isEqualTo(96);
        assertThat(packet.sequenceNumber()).isEqualTo(65535);
        assertThat(packet.timestamp()).isEqualTo(0xFFFF_FFFFL);
        assertThat(packet.ssrc()).isEqualTo(0xABCDL);
        assertThat(packet.headerLength()).isEqualTo(20);
        assertThat(packet.payloadLength()).isEqualTo(9);
        assertThat(packet.paddingLength()).isEqualTo(4);
    }

    @Test
    void readsASignedLookingSsrcAsUnsigned() {
        byte[] b = OPUS.clone();
        b[8] = (byte) 0xFE;
        packet.wrap(b, 0, b.length);
        assertThat(packet.ssrc()).isEqualTo(0xFE345678L);
    }

    @Test
    void parsesAgainIntoTheSameInstance() {
        assertThat(packet.wrap(OPUS, 0, OPUS.length)).isTrue();
        assertThat(packet.wrap(VP8, 0, VP8.length)).isTrue();
        assertThat(packet.sequenceNumber()).isEqualTo(65535);
        assertThat(packet.paddingLength()).isEqualTo(4);
        assertThat(packet.wrap(VP8, 0, 11)).isFalse();
        assertThat(packet.malformation()).isEqualTo(RtpMalformation.TRUNCATED_FIXED_HEADER);
        assertThat(packet.wrap(TWO_BYTE, 0, TWO_BYTE.length)).isTrue();
        assertThat(packet.malformation()).isNull();
        assertThat(packet.paddingLength()).isZero();
        assertThat(packet.payloadLength()).isEqualTo(4);
        assertThat(packet.extensionProfile()).isEqualTo(0x1000);
    }

    @Test
    void readsAPacketInTheMiddleOfALargerArray() {
        byte[] big = new byte[7 + VP8.length + 30];
        Arrays.fill(big, (byte) 0x77);
        System.arraycopy(VP8, 0, big, 7, VP8.length);
        assertThat(packet.wrap(big, 7, VP8.length)).isTrue();
        assertThat(packet.payloadOffset()).isEqualTo(27);
        assertThat(packet.paddingLength()).isEqualTo(4);
        assertThat(packet.csrc(1)).isEqualTo(0x22222222L);
        assertThat(packet.tailroom()).isEqualTo(30);
    }

    @Test
    void acceptsAnEmptyPayloadAndPaddingThatFillsIt() {
        byte[] headerOnly = Arrays.copyOf(VP8, 20);
        headerOnly[0] = (byte) 0x82; // P=0
        assertThat(packet.wrap(headerOnly, 0, 20)).isTrue();
        assertThat(packet.payloadLength()).isZero();

        byte[] allPadding = hex("a2 e0 ffff ffffffff 0000abcd 11111111 22222222 | 00 00 03");
        assertThat(packet.wrap(allPadding, 0, allPadding.length)).isTrue();
        assertThat(packet.payloadLength()).isZero();
        assertThat(packet.paddingLength()).isEqualTo(3);
    }

    @Test
    void acceptsTheLargestHeader() {
        // 15 CSRCs and an extension of 65535 words: the largest header RFC 3550 can express.
        RtpPacketWriter w = new RtpPacketWriter();
        byte[] buf = new byte[12 + 60 + 4 + 4 * 0xFFFF + 1];
        w.start(buf, 0);
        for (int i = 0; i < 15; i++) {
            w.csrc(i + 1);
        }
        int n = w.beginExtensions(0x1234).extensionBytes(new byte[4 * 0xFFFF]).payload(new byte[] {1}).finish();
        assertThat(n).isEqualTo(buf.length);
        assertThat(packet.wrap(buf, 0, n)).isTrue();
        assertThat(packet.csrcCount()).isEqualTo(15);
        assertThat(packet.csrc(14)).isEqualTo(15);
        assertThat(packet.headerLength()).isEqualTo(n - 1);
        assertThat(packet.payloadLength()).isEqualTo(1);
    }

    @Test
    void rewritesTheForwardingFieldsInPlaceAndNothingElse() {
        byte[] b = OPUS.clone();
        assertThat(packet.wrap(b, 0, b.length)).isTrue();
        packet.setSequenceNumber(0xFFFF);
        packet.setTimestamp(0x1_8000_0001L); // only the low 32 bits go on the wire
        packet.setSsrc(0xCAFEBABEL);
        packet.setPayloadType(0xFF); // 7 bits kept
        packet.setMarker(false);
        assertThat(packet.sequenceNumber()).isEqualTo(0xFFFF);
        assertThat(packet.timestamp()).isEqualTo(0x8000_0001L);
        assertThat(packet.ssrc()).isEqualTo(0xCAFEBABEL);
        assertThat(packet.payloadType()).isEqualTo(127);
        assertThat(packet.marker()).isFalse();
        packet.setPayloadType(100);
        packet.setMarker(true);
        assertThat(packet.payloadType()).isEqualTo(100);
        assertThat(packet.marker()).isTrue();
        assertThat(Arrays.copyOfRange(b, 0, 12)).isEqualTo(hex("90 e4 ffff 80000001 cafebabe"));
        assertThat(Arrays.copyOfRange(b, 12, b.length)).isEqualTo(Arrays.copyOfRange(OPUS, 12, OPUS.length));
    }

    @Test
    void growsIntoTheTailroomOnlyAsFarAsTheArray() {
        byte[] b = Arrays.copyOf(VP8, VP8.length + 10);
        assertThat(packet.wrap(b, 0, VP8.length)).isTrue();
        assertThat(packet.tailroom()).isEqualTo(10);
        assertThat(packet.setLength(VP8.length + 11)).isFalse();
        assertThat(packet.setLength(VP8.length + 10)).isTrue(); // e.g. an SRTP tag of 10 bytes
        assertThat(packet.length()).isEqualTo(VP8.length + 10);
        assertThat(packet.tailroom()).isZero();
        assertThat(packet.payloadLength()).isEqualTo(9);
        assertThat(packet.paddingLength()).isEqualTo(4);
        assertThat(packet.setLength(VP8.length - 1)).isFalse(); // would cut into the padding
        assertThat(packet.setLength(VP8.length)).isTrue();
        assertThat(packet.wrap(b, 0, 5)).isFalse();
        assertThat(packet.setLength(VP8.length)).isFalse(); // nothing wrapped
    }

    @Test
    void headerLengthIgnoresPaddingSoItWorksOnEncryptedPackets() {
        byte[] b = VP8.clone();
        b[b.length - 1] = 0; // as SRTP ciphertext may leave it
        assertThat(packet.wrap(b, 0, b.length)).isFalse();
        assertThat(packet.malformation()).isEqualTo(RtpMalformation.ZERO_PADDING_COUNT);
        assertThat(RtpPacket.headerLength(b, 0, b.length)).isEqualTo(20);
    }

    @Test
    void refusesEveryMalformedHeaderWithItsReason() {
        Set<RtpMalformation> seen = EnumSet.noneOf(RtpMalformation.class);
        refuse(seen, RtpMalformation.TRUNCATED_FIXED_HEADER, Arrays.copyOf(OPUS, 11));
        refuse(seen, RtpMalformation.TRUNCATED_FIXED_HEADER, new byte[0]);
        refuse(seen, RtpMalformation.UNSUPPORTED_VERSION, hex("50 ef 1a2b 0000bb80 12345678 00"));  // V=1
        refuse(seen, RtpMalformation.UNSUPPORTED_VERSION, hex("d0 ef 1a2b 0000bb80 12345678 00"));  // V=3
        refuse(seen, RtpMalformation.TRUNCATED_CSRC_LIST, Arrays.copyOf(VP8, 19));  // CC=2 needs 20
        refuse(seen, RtpMalformation.TRUNCATED_EXTENSION_HEADER, Arrays.copyOf(OPUS, 15)); // X=1, 3 of 4
        refuse(seen, RtpMalformation.TRUNCATED_EXTENSION, Arrays.copyOf(OPUS, 27)); // 3 words need 28
        refuse(seen, RtpMalformation.TRUNCATED_EXTENSION, hex("90 ef 1a2b 0000bb80 12345678 bede ffff 00000000"));
        byte[] zero = VP8.clone();
        zero[zero.length - 1] = 0;
        refuse(seen, RtpMalformation.ZERO_PADDING_COUNT, zero);
        byte[] tooMuch = VP8.clone();
        tooMuch[tooMuch.length - 1] = 14; // 13 bytes follow the header
        refuse(seen, RtpMalformation.PADDING_EXCEEDS_PAYLOAD, tooMuch);
        // P=1 and not a byte after the header for the count.
        refuse(seen, RtpMalformation.PADDING_EXCEEDS_PAYLOAD, hex("a0 e0 0001 00000001 00000001"));

        RtpHeaderExtensionCursor cursor = new RtpHeaderExtensionCursor();
        byte[] overrun = hex("90 ef 1a2b 0000bb80 12345678 bede 0001 | 10ff 23 00 | 00"); // ID=2 L=3 needs 4 data bytes
        assertThat(packet.wrap(overrun, 0, overrun.length)).isTrue();
        assertThat(cursor.reset(packet)).isTrue();
        assertThat(cursor.next()).isTrue();
        assertThat(cursor.next()).isFalse();
        seen.add(cursor.malformation());

        byte[] b = OPUS.clone();
        packet.wrap(b, 0, b.length);
        int[] toFifteen = {0, 15, 2, 3, 4};
        seen.add(new RtpExtensionIdRewriter().rewrite(packet, toFifteen));

        assertThat(seen).containsExactlyInAnyOrderElementsOf(EnumSet.allOf(RtpMalformation.class));
    }

    private void refuse(Set<RtpMalformation> seen, RtpMalformation expected, byte[] input) {
        assertThat(packet.wrap(input, 0, input.length)).as(expected.name()).isFalse();
        assertThat(packet.malformation()).isEqualTo(expected);
        int code = RtpPacket.headerLength(input, 0, input.length);
        if (code < 0) {
            assertThat(RtpMalformation.ofCode(code)).isEqualTo(expected);
        }
        seen.add(expected);
    }

    @Test
    void throwsTheReasonFromTheConvenienceMethod() throws MalformedInputException {
        assertThat(packet.wrapOrThrow(OPUS, 0, OPUS.length).sequenceNumber()).isEqualTo(6699);
        assertThatThrownBy(() -> packet.wrapOrThrow(OPUS, 0, 3))
                .isInstanceOf(MalformedInputException.class)
                .satisfies(e -> assertThat(((MalformedInputException) e).reason())
                        .isEqualTo(RtpMalformation.TRUNCATED_FIXED_HEADER));
    }

    @Test
    void everyReasonIsExplainedAndHasAUniqueCode() {
        for (RtpMalformation m : RtpMalformation.values()) {
            assertThat(m.explanation()).isNotBlank();
            assertThat(m.code()).isNegative();
            assertThat(RtpMalformation.ofCode(m.code())).isSameAs(m);
        }
        assertThat(RtpMalformation.ofCode(0)).isNull();
        assertThat(RtpMalformation.ofCode(28)).isNull();
        assertThat(RtpMalformation.ofCode(-1000)).isNull();
    }
}

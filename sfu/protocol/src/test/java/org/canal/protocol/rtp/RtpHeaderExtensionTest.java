package org.canal.protocol.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.canal.protocol.rtp.RtpSamples.OPUS;
import static org.canal.protocol.rtp.RtpSamples.TWO_BYTE;
import static org.canal.protocol.rtp.RtpSamples.hex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 8285 sections 4.1-4.3: one-byte and two-byte elements, padding, the ID 15 stop, and ID rewriting. */
class RtpHeaderExtensionTest {
    private static final RtpMalformation DOES_NOT_FIT = RtpMalformation.EXTENSION_ID_DOES_NOT_FIT;
    private final RtpPacket packet = new RtpPacket();
    private final RtpHeaderExtensionCursor cursor = new RtpHeaderExtensionCursor();
    private final RtpExtensionIdRewriter rewriter = new RtpExtensionIdRewriter();

    /** "id:hexdata" for every element the cursor walks, then the malformation if any. */
    private List<String> elements(byte[] b) {
        assertThat(packet.wrap(b, 0, b.length)).isTrue();
        List<String> out = new ArrayList<>();
        if (cursor.reset(packet)) {
            while (cursor.next()) {
                byte[] data = Arrays.copyOfRange(cursor.buffer(), cursor.dataOffset(),
                        cursor.dataOffset() + cursor.dataLength());
                out.add(cursor.id() + ":" + java.util.HexFormat.of().formatHex(data));
            }
            if (cursor.malformation() != null) {
                out.add(cursor.malformation().name());
            }
        }
        return out;
    }

    @Test
    void walksTheOneByteElementsOfTheOpusPacketSkippingPadding() {
        // RFC 8285 section 4.2: L is the data length minus one; the trailing 00 is padding (4.1).
        assertThat(elements(OPUS)).containsExactly("1:ff", "2:123456", "3:0005", "4:30");
        assertThat(cursor.isTwoByte()).isFalse();
    }

    @Test
    void walksTheTwoByteElementsIncludingEmptyOnesAndIdsAbove14() {
        // RFC 8285 section 4.3: L is the data length and may be 0; IDs 1-255; 00 bytes are padding.
        assertThat(elements(TWO_BYTE)).containsExactly("1:", "15:616263", "32:07");
        assertThat(cursor.isTwoByte()).isTrue();
    }

    @Test
    void recognisesEveryTwoByteApplicationBitsValue() {
        byte[] b = TWO_BYTE.clone();
        b[13] = 0x0F; // profile 0x100F: appbits 15
        assertThat(elements(b)).containsExactly("1:", "15:616263", "32:07");
    }

    @Test
    void findsAnElementById() {
        packet.wrap(OPUS, 0, OPUS.length);
        assertThat(cursor.find(packet, 3)).isTrue();
        assertThat(cursor.dataLength()).isEqualTo(2);
        assertThat(OPUS[cursor.dataOffset() + 1]).isEqualTo((byte) 5);
        assertThat(cursor.elementOffset()).isEqualTo(cursor.dataOffset() - 1);
        assertThat(cursor.find(packet, 4)).isTrue();
        assertThat(OPUS[cursor.dataOffset()]).isEqualTo((byte) '0');
        assertThat(cursor.find(packet, 5)).isFalse();
        packet.wrap(TWO_BYTE, 0, TWO_BYTE.length);
        assertThat(cursor.find(packet, 32)).isTrue();
        assertThat(cursor.elementOffset()).isEqualTo(cursor.dataOffset() - 2);
        assertThat(cursor.find(packet, 1)).isTrue();
        assertThat(cursor.dataLength()).isZero();
    }

    @Test
    void stopsAtOneByteIdFifteen() {
        // RFC 8285 section 4.2: on ID 15 the length is ignored and processing of the block ends.
        byte[] b = hex("90 ef 1a2b 0000bb80 12345678 bede 0002 | 10ff | f0 | 40 30 | 22 123456");
        assertThat(elements(b)).containsExactly("1:ff");
        packet.wrap(b, 0, b.length);
        assertThat(cursor.find(packet, 4)).isFalse();
        assertThat(cursor.malformation()).isNull();
    }

    @Test
    void skipsPaddingBetweenElements() {
        byte[] b = hex("90 ef 1a2b 0000bb80 12345678 bede 0002 | 00 10ff 00 00 40 30 | 00 00");
        assertThat(elements(b)).containsExactly("1:ff", "4:30");
    }

    @Test
    void reportsAnElementRunningPastTheBlock() {
        byte[] oneByte = hex("90 ef 1a2b 0000bb80 12345678 bede 0001 | 10ff 23 00 | 00 00");
        assertThat(elements(oneByte)).containsExactly("1:ff", "TRUNCATED_EXTENSION_ELEMENT");
        byte[] lengthMissing = hex("90 60 0001 00000064 00000001 1000 0001 | 0100 00 20 | 00");
        assertThat(elements(lengthMissing)).containsExactly("1:", "TRUNCATED_EXTENSION_ELEMENT");
        byte[] dataMissing = hex("90 60 0001 00000064 00000001 1000 0001 | 20 03 07 08");
        assertThat(elements(dataMissing)).containsExactly("TRUNCATED_EXTENSION_ELEMENT");
    }

    @Test
    void hasNoElementsInAnEmptyBlockOrAnotherProfile() {
        byte[] empty = hex("90 ef 1a2b 0000bb80 12345678 bede 0000 | 00");
        assertThat(elements(empty)).isEmpty();
        assertThat(cursor.reset(packet)).isTrue();
        byte[] other = hex("90 ef 1a2b 0000bb80 12345678 abac 0001 10ff 4030 | 00");
        assertThat(elements(other)).isEmpty();
        assertThat(cursor.reset(packet)).isFalse();
        assertThat(cursor.next()).isFalse();
        packet.wrap(RtpSamples.VP8, 0, RtpSamples.VP8.length);
        assertThat(cursor.reset(packet)).isFalse();
        assertThat(cursor.find(packet, 1)).isFalse();
        packet.wrap(new byte[0], 0, 0); // refused: the cursor must not read its bytes
        assertThat(cursor.reset(packet)).isFalse();
        assertThat(cursor.next()).isFalse();
        assertThat(new RtpHeaderExtensionCursor().reset(new RtpPacket())).isFalse();
    }

    @Test
    void rewritesOneByteIdsAndTurnsDroppedElementsIntoPadding() {
        byte[] b = OPUS.clone();
        packet.wrap(b, 0, b.length);
        // publisher 1 audio-level -> 5, 2 abs-send-time dropped, 3 transport-cc -> 14, 4 mid -> 1
        int[] idMap = {0, 5, 0, 14, 1};
        assertThat(rewriter.rewrite(packet, idMap)).isNull();
        assertThat(Arrays.copyOfRange(b, 12, 28)).isEqualTo(hex("""
                be de 00 03 // profile and length unchanged
                50 ff       // ID=5 L=0
                00 00 00 00 // abs-send-time became 4 padding bytes
                e1 00 05    // ID=14 L=1
                10 30       // ID=1 L=0
                00          // padding
                """));
        assertThat(elements(b)).containsExactly("5:ff", "14:0005", "1:30");
        assertThat(Arrays.copyOfRange(b, 0, 12)).isEqualTo(Arrays.copyOfRange(OPUS, 0, 12));
        assertThat(Arrays.copyOfRange(b, 28, b.length)).isEqualTo(Arrays.copyOfRange(OPUS, 28, OPUS.length));
    }

    @Test
    void dropsIdsBeyondTheTable() {
        byte[] b = OPUS.clone();
        packet.wrap(b, 0, b.length);
        assertThat(rewriter.rewrite(packet, new int[] {0, 1, 2})).isNull();
        assertThat(elements(b)).containsExactly("1:ff", "2:123456");
    }

    @Test
    void rewritesTwoByteIdsAboveFourteen() {
        byte[] b = TWO_BYTE.clone();
        packet.wrap(b, 0, b.length);
        int[] idMap = new int[33];
        idMap[1] = 200;
        idMap[15] = 0;
        idMap[32] = 255;
        assertThat(rewriter.rewrite(packet, idMap)).isNull();
        assertThat(elements(b)).containsExactly("200:", "255:07");
        assertThat(Arrays.copyOfRange(b, 16, 28)).isEqualTo(hex("00 c800 0000000000 ff0107 00"));
    }

    @Test
    void refusesIdsTheFormCannotCarryAndWritesNothing() {
        byte[] b = OPUS.clone();
        packet.wrap(b, 0, b.length);
        // ID 15 is the one-byte stop marker; 20 needs the two-byte form.
        assertThat(rewriter.rewrite(packet, new int[] {0, 1, 2, 3, 15})).isEqualTo(DOES_NOT_FIT);
        assertThat(rewriter.rewrite(packet, new int[] {0, 0, 0, 0, 20})).isEqualTo(DOES_NOT_FIT);
        assertThat(rewriter.rewrite(packet, new int[] {0, -1})).isEqualTo(DOES_NOT_FIT);
        assertThat(b).isEqualTo(OPUS);
        byte[] t = TWO_BYTE.clone();
        packet.wrap(t, 0, t.length);
        assertThat(rewriter.rewrite(packet, new int[] {0, 256})).isEqualTo(DOES_NOT_FIT);
        assertThat(t).isEqualTo(TWO_BYTE);
    }

    @Test
    void refusesATruncatedBlockAndWritesNothing() {
        byte[] b = hex("90 ef 1a2b 0000bb80 12345678 bede 0001 | 10ff 23 00 | 00 00");
        byte[] before = b.clone();
        packet.wrap(b, 0, b.length);
        assertThat(rewriter.rewrite(packet, new int[] {0, 2, 3}))
                .isEqualTo(RtpMalformation.TRUNCATED_EXTENSION_ELEMENT);
        assertThat(b).isEqualTo(before);
    }

    @Test
    void leavesPacketsWithoutAnRfc8285BlockAlone() {
        byte[] b = RtpSamples.VP8.clone();
        packet.wrap(b, 0, b.length);
        assertThat(rewriter.rewrite(packet, new int[0])).isNull();
        assertThat(b).isEqualTo(RtpSamples.VP8);
    }

    @Test
    void leavesBytesAfterTheOneByteStopMarkerAlone() {
        byte[] b = hex("90 ef 1a2b 0000bb80 12345678 bede 0002 | 10ff | f0 | 40 30 | 22 123456");
        packet.wrap(b, 0, b.length);
        assertThat(rewriter.rewrite(packet, new int[] {0, 2})).isNull();
        assertThat(Arrays.copyOfRange(b, 16, 24)).isEqualTo(hex("20ff f0 4030 22 1234"));
    }
}

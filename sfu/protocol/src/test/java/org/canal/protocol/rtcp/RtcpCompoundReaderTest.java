package org.canal.protocol.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Walking compound packets: RFC 3550 sections 6.1 and 6.4.1, RFC 5506 reduced size. */
class RtcpCompoundReaderTest {
    private final RtcpCompoundReader reader = new RtcpCompoundReader();

    private List<String> walk(byte[] packet) {
        assertThat(reader.wrap(packet, 0, packet.length)).as("%s", reader.malformation()).isTrue();
        List<String> seen = new ArrayList<>();
        while (reader.next()) {
            seen.add(reader.packetType() + "/" + reader.count() + "@" + reader.packetOffset() + "+"
                    + reader.packetLength() + " " + RtcpPacketKind.of(reader));
        }
        return seen;
    }

    @Test
    void walksAChromiumReceiverReportAndSdes() {
        // RFC 3550 section 6.1: an RR first, then SDES with the CNAME.
        assertThat(walk(RtcpVectors.RR_SDES)).containsExactly(
                "201/1@0+32 RECEIVER_REPORT", "202/1@32+28 SOURCE_DESCRIPTION");
        assertThat(reader.packetCount()).isEqualTo(2);
        assertThat(reader.isReducedSize()).isFalse();
        assertThat(reader.malformation()).isNull();
    }

    @Test
    void walksASenderReportAndSdes() {
        assertThat(walk(RtcpVectors.SR_SDES)).containsExactly(
                "200/1@0+52 SENDER_REPORT", "202/1@52+28 SOURCE_DESCRIPTION");
    }

    @Test
    void acceptsReducedSizeFeedbackAlone() {
        // RFC 5506 section 3: with rtcp-rsize a compound may be a single feedback message.
        assertThat(walk(RtcpVectors.NACK)).containsExactly("205/1@0+20 GENERIC_NACK");
        assertThat(reader.isReducedSize()).isTrue();
        assertThat(walk(RtcpVectors.TRANSPORT_CC)).containsExactly("205/15@0+60 TRANSPORT_CC");
        assertThat(walk(RtcpVectors.PLI)).containsExactly("206/1@0+12 PICTURE_LOSS_INDICATION");
        assertThat(walk(RtcpVectors.FIR)).containsExactly("206/4@0+20 FULL_INTRA_REQUEST");
        assertThat(walk(RtcpVectors.REMB)).containsExactly("206/15@0+28 REMB");
    }

    @Test
    void acceptsPaddingOnTheLastPacket() {
        // RFC 3550 section 6.4.1: the padding count (4) includes itself and lies within the PLI.
        assertThat(walk(RtcpVectors.RR_PLI_PADDED)).containsExactly(
                "201/0@0+8 RECEIVER_REPORT", "206/1@8+16 PICTURE_LOSS_INDICATION");
        assertThat(reader.paddingLength()).isEqualTo(4);
        PictureLossIndicationPacket pli = new PictureLossIndicationPacket();
        assertThat(pli.wrap(reader)).isTrue();
        assertThat(pli.paddingLength()).isEqualTo(4);
        assertThat(pli.fciLength()).isZero();
        assertThat(pli.mediaSsrc()).isEqualTo(0x5e2d9b47L);
    }

    @Test
    void keepsUnknownTypesRaw() {
        // RFC 3550 section 6.7 APP, RFC 3611 XR, RFC 4585 section 6.4 application feedback other than REMB.
        assertThat(walk(RtcpVectors.UNKNOWN_TYPES)).containsExactly(
                "201/0@0+8 RECEIVER_REPORT", "204/0@8+16 RAW", "207/0@24+20 RAW", "206/15@44+16 RAW");
        RawRtcpPacket raw = new RawRtcpPacket();
        reader.rewind();
        reader.next();
        reader.next();
        assertThat(raw.wrap(reader)).isTrue();
        assertThat(raw.packetType()).isEqualTo(RtcpHeader.TYPE_APP);
        assertThat(raw.bodyLength()).isEqualTo(12);
        byte[] copy = new byte[raw.length()];
        assertThat(raw.writeTo(copy, 0)).isEqualTo(16);
        assertThat(copy).containsExactly(java.util.Arrays.copyOfRange(RtcpVectors.UNKNOWN_TYPES, 8, 24));
    }

    @Test
    void walksAgainAfterRewindAndWrapsTwiceIntoTheSameInstance() {
        List<String> first = walk(RtcpVectors.SR_SDES);
        reader.rewind();
        List<String> again = new ArrayList<>();
        while (reader.next()) {
            again.add(reader.packetType() + "/" + reader.count() + "@" + reader.packetOffset() + "+"
                    + reader.packetLength() + " " + RtcpPacketKind.of(reader));
        }
        assertThat(again).isEqualTo(first);
        assertThat(walk(RtcpVectors.RR_BYE)).containsExactly("201/0@0+8 RECEIVER_REPORT", "203/1@8+20 BYE");
        assertThat(walk(RtcpVectors.SR_SDES)).isEqualTo(first);
    }

    @Test
    void walksACompoundInTheMiddleOfALargerBuffer() {
        byte[] buf = new byte[7 + RtcpVectors.RR_SDES.length + 5];
        java.util.Arrays.fill(buf, (byte) 0xFF);
        System.arraycopy(RtcpVectors.RR_SDES, 0, buf, 7, RtcpVectors.RR_SDES.length);
        assertThat(reader.wrap(buf, 7, RtcpVectors.RR_SDES.length)).isTrue();
        assertThat(reader.next()).isTrue();
        assertThat(reader.packetOffset()).isEqualTo(7);
        assertThat(reader.next()).isTrue();
        assertThat(reader.packetOffset()).isEqualTo(39);
        assertThat(reader.next()).isFalse();
    }

    @Test
    void yieldsNothingAfterARefusal() {
        byte[] truncated = java.util.Arrays.copyOf(RtcpVectors.RR_SDES, 40);
        assertThat(reader.wrap(truncated, 0, truncated.length)).isFalse();
        assertThat(reader.malformation()).isEqualTo(RtcpMalformation.LENGTH_EXCEEDS_BUFFER);
        assertThat(reader.next()).isFalse();
        assertThat(reader.packetCount()).isZero();
        assertThat(reader.malformation().explanation()).contains("length");
    }
}

package org.canal.protocol.rtcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;
import org.canal.protocol.MalformedInputException;
import org.junit.jupiter.api.Test;

/** Every {@link RtcpMalformation}, each reached by the input that breaks the rule it names. */
class RtcpRefusalTest {
    private final Set<RtcpMalformation> reached = EnumSet.noneOf(RtcpMalformation.class);
    private final RtcpCompoundReader reader = new RtcpCompoundReader();

    private void compound(RtcpMalformation expected, byte[] in) {
        assertThat(reader.wrap(in, 0, in.length)).isFalse();
        assertThat(reader.malformation()).isEqualTo(expected);
        reached.add(reader.malformation());
    }

    private void view(RtcpMalformation expected, Supplier<RtcpPacketView> views, byte[] in) {
        RtcpPacketView view = views.get();
        assertThat(view.wrap(in, 0, in.length)).isFalse();
        assertThat(view.malformation()).isEqualTo(expected);
        assertThat(view.length()).isZero();
        reached.add(view.malformation());
    }

    @Test
    void reachesEveryReason() {
        // RFC 3550 section 6.4.1 and appendix A.2: the common header and the compound.
        compound(RtcpMalformation.TRUNCATED_HEADER, new byte[0]);
        compound(RtcpMalformation.TRUNCATED_HEADER, RtcpVectors.hex("80c90001" + "00000001" + "80c900"));
        compound(RtcpMalformation.BAD_VERSION, RtcpVectors.hex("40c90001" + "00000001"));
        compound(RtcpMalformation.LENGTH_EXCEEDS_BUFFER, Arrays.copyOf(RtcpVectors.RR_SDES, 56));
        compound(RtcpMalformation.BAD_PADDING, RtcpVectors.hex("a1ce0003" + "00000001" + "00000002" + "00000000"));
        compound(RtcpMalformation.BAD_PADDING, RtcpVectors.hex("a1ce0003" + "00000001" + "00000002" + "0000000d"));
        compound(RtcpMalformation.PADDING_NOT_LAST, RtcpVectors.hex(
                "a0c90001" + "00000001"    // RR with P=1, its last octet (1) read as a padding count
                + "81ce0002" + "00000001" + "00000002"));

        view(RtcpMalformation.WRONG_PACKET_TYPE, SenderReportPacket::new, RtcpVectors.RR_SDES);
        view(RtcpMalformation.WRONG_PACKET_TYPE, PictureLossIndicationPacket::new, RtcpVectors.FIR);
        // RFC 3550 section 6.4: SR and RR
        view(RtcpMalformation.TRUNCATED_FIXED_PART, SenderReportPacket::new, RtcpVectors.hex("80c80001" + "5e2d9b47"));
        view(RtcpMalformation.TRUNCATED_FIXED_PART, ReceiverReportPacket::new, RtcpVectors.hex("80c90000"));
        view(RtcpMalformation.TRUNCATED_REPORT_BLOCKS, ReceiverReportPacket::new, RtcpVectors.hex("81c90001" + "00000001"));
        view(RtcpMalformation.TRUNCATED_REPORT_BLOCKS, SenderReportPacket::new, Arrays.copyOf(
                RtcpVectors.hex("82c8000c"), 52)); // RC=2 but room for one block
        // RFC 3550 section 6.5: SDES
        view(RtcpMalformation.SDES_TRUNCATED_CHUNK, SdesPacket::new, RtcpVectors.hex(
                "82ca0002" + "00000001" + "00000000")); // SC=2, one chunk
        view(RtcpMalformation.SDES_TRUNCATED_CHUNK, SdesPacket::new, RtcpVectors.hex(
                "81ca0002" + "00000001" + "01026162")); // an item, but no null item after it
        view(RtcpMalformation.SDES_TRUNCATED_ITEM, SdesPacket::new, RtcpVectors.hex(
                "81ca0002" + "00000001" + "01100000")); // CNAME of 16 bytes in 2
        // RFC 3550 section 6.6: BYE
        view(RtcpMalformation.TRUNCATED_FIXED_PART, ByePacket::new, RtcpVectors.hex("82cb0001" + "00000001"));
        view(RtcpMalformation.BYE_TRUNCATED_REASON, ByePacket::new, RtcpVectors.hex(
                "81cb0002" + "00000001" + "08616263")); // reason of 8 bytes in 3
        // RFC 4585 section 6.1, 6.2.1; RFC 5104 section 4.3.1.1
        view(RtcpMalformation.TRUNCATED_FIXED_PART, PictureLossIndicationPacket::new, RtcpVectors.hex(
                "81ce0001" + "00000001"));
        view(RtcpMalformation.FCI_MISSING, GenericNackPacket::new, RtcpVectors.hex("81cd0002" + "00000001" + "00000002"));
        view(RtcpMalformation.FCI_MISSING, FullIntraRequestPacket::new, RtcpVectors.hex("84ce0002" + "00000001" + "00000000"));
        view(RtcpMalformation.FIR_TRUNCATED_ENTRY, FullIntraRequestPacket::new, RtcpVectors.hex(
                "84ce0003" + "00000001" + "00000000" + "5e2d9b47"));
        // draft-alvestrand-rmcat-remb-03 section 2.2
        view(RtcpMalformation.TRUNCATED_FIXED_PART, RembPacket::new, RtcpVectors.hex(
                "8fce0003" + "00000001" + "00000000" + "52454d42"));
        view(RtcpMalformation.REMB_BAD_IDENTIFIER, RembPacket::new, RtcpVectors.hex(
                "8fce0004" + "00000001" + "00000000" + "474f4f47" + "00000000"));
        view(RtcpMalformation.REMB_TRUNCATED_SSRC_LIST, RembPacket::new, RtcpVectors.hex(
                "8fce0005" + "00000001" + "00000000" + "52454d42" + "020edc6c" + "5e2d9b47"));
        // draft-holmer-rmcat-transport-wide-cc-extensions-01 section 3.1
        view(RtcpMalformation.TRUNCATED_FIXED_PART, TransportCcFeedbackPacket::new, RtcpVectors.hex(
                "8fcd0003" + "00000001" + "00000002" + "00050002"));
        view(RtcpMalformation.TCC_TRUNCATED_CHUNKS, TransportCcFeedbackPacket::new, RtcpVectors.hex(
                "8fcd0005" + "00000001" + "00000002" + "00050014" + "00000000"
                + "bfff" + "0000")); // 20 statuses, a one-bit vector of 14, then a run of 0
        byte[] shortDeltas = RtcpVectors.TRANSPORT_CC.clone();
        shortDeltas[3] = 12; // 52 bytes: 7 of the 33 delta bytes cut off
        view(RtcpMalformation.TCC_TRUNCATED_DELTAS, TransportCcFeedbackPacket::new, shortDeltas);
        view(RtcpMalformation.TCC_RESERVED_SYMBOL, TransportCcFeedbackPacket::new, RtcpVectors.hex(
                "8fcd0005" + "00000001" + "00000002" + "00050002" + "00000000"
                + "6002" + "0000")); // run-length chunk of symbol 11
        view(RtcpMalformation.TCC_RESERVED_SYMBOL, TransportCcFeedbackPacket::new, RtcpVectors.hex(
                "8fcd0005" + "00000001" + "00000002" + "00050002" + "00000000"
                + "f000" + "0000")); // two-bit vector 11 00 ...

        assertThat(reached).isEqualTo(EnumSet.allOf(RtcpMalformation.class));
        for (RtcpMalformation m : RtcpMalformation.values()) {
            assertThat(m.explanation()).endsWith(".");
        }
    }

    @Test
    void reportsARefusalAsATypedCheckedException() {
        MalformedInputException e = new MalformedInputException(RtcpMalformation.BAD_VERSION);
        assertThat(e.reason()).isEqualTo(RtcpMalformation.BAD_VERSION);
        assertThat(e.getMessage()).startsWith("BAD_VERSION: The version field is not 2");
    }

    @Test
    void aRefusedViewAcceptsAgainAfterwards() {
        SenderReportPacket sr = new SenderReportPacket();
        assertThat(sr.wrap(RtcpVectors.RR_SDES, 0, RtcpVectors.RR_SDES.length)).isFalse();
        assertThat(sr.wrap(RtcpVectors.SR_SDES, 0, RtcpVectors.SR_SDES.length)).isTrue();
        assertThat(sr.malformation()).isNull();
        assertThat(sr.senderPacketCount()).isEqualTo(1337);
    }
}

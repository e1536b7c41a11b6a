package org.canal.protocol.rtcp;

import org.canal.protocol.Malformation;

/** Why an RTCP compound packet, or one packet inside it, was refused. */
public enum RtcpMalformation implements Malformation {
    TRUNCATED_HEADER("Fewer than the 4 bytes of an RTCP common header remain (RFC 3550 section 6.4.1)."),
    BAD_VERSION("The version field is not 2 (RFC 3550 section 6.4.1)."),
    LENGTH_EXCEEDS_BUFFER("The length field (32-bit words minus one) runs past the end of the buffer (RFC 3550 section 6.4.1)."),
    BAD_PADDING("The padding count is zero or larger than the packet's body (RFC 3550 section 6.4.1)."),
    PADDING_NOT_LAST("Only the last packet of a compound may be padded (RFC 3550 section 6.4.1, appendix A.2)."),
    WRONG_PACKET_TYPE("The packet type or FMT is not the one this view parses."),
    TRUNCATED_FIXED_PART("The packet is shorter than the fixed part its type requires."),
    TRUNCATED_REPORT_BLOCKS("The report count asks for more 24-byte report blocks than the packet holds (RFC 3550 section 6.4)."),
    SDES_TRUNCATED_CHUNK("The packet ends before all source-count SDES chunks, each closed by a null item (RFC 3550 section 6.5)."),
    SDES_TRUNCATED_ITEM("An SDES item's length runs past the end of the packet (RFC 3550 section 6.5)."),
    BYE_TRUNCATED_REASON("The BYE reason's length runs past the end of the packet (RFC 3550 section 6.6)."),
    FCI_MISSING("A generic NACK or FIR carries no feedback control information entry (RFC 4585 section 6.2.1, RFC 5104 section 4.3.1)."),
    FIR_TRUNCATED_ENTRY("The FIR's feedback control information is not a whole number of 8-byte entries (RFC 5104 section 4.3.1.1)."),
    REMB_BAD_IDENTIFIER("The application-layer feedback does not start with the \"REMB\" identifier (draft-alvestrand-rmcat-remb section 2.2)."),
    REMB_TRUNCATED_SSRC_LIST("The REMB's SSRC count runs past the end of the packet (draft-alvestrand-rmcat-remb section 2.2)."),
    TCC_TRUNCATED_CHUNKS("The packet ends before its chunks cover the packet status count (draft-holmer-rmcat-transport-wide-cc-extensions section 3.1)."),
    TCC_TRUNCATED_DELTAS("The packet ends before the receive deltas of all received packets (draft-holmer-rmcat-transport-wide-cc-extensions section 3.1.5)."),
    TCC_RESERVED_SYMBOL("A packet status uses the reserved symbol 11 (draft-holmer-rmcat-transport-wide-cc-extensions section 3.1.1).");

    private final String explanation;

    RtcpMalformation(String explanation) {
        this.explanation = explanation;
    }

    @Override
    public String explanation() {
        return explanation;
    }
}

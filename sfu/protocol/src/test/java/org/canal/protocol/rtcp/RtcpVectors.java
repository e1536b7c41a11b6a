package org.canal.protocol.rtcp;

import java.util.HexFormat;
import java.util.List;

/**
 * Realistic RTCP packets, written out field by field, shared by the RTCP tests. The SSRCs, CNAME and
 * timings are of the kind Chromium sends; the layouts are those of the RFC sections cited.
 */
final class RtcpVectors {
    private RtcpVectors() {}

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    /** RFC 3550 section 6.4.2 (RR) and 6.5 (SDES): what a receive-only Chromium sends every second or so. */
    static final byte[] RR_SDES = hex(""
            + "81c90007"  // V=2 P=0 RC=1 | PT=201 RR | length 7: 32 bytes
            + "00000001"  // SSRC of packet sender (a receive-only Chromium reports as SSRC 1)
            + "5e2d9b47"  // report block: SSRC_1 of the source reported on
            + "0a"        //   fraction lost 10/256
            + "00000c"    //   cumulative packets lost 12
            + "00011f40"  //   extended highest seq: 1 cycle, seq 0x1f40
            + "0000002d"  //   interarrival jitter 45 timestamp units
            + "9a3c51eb"  //   LSR: middle 32 bits of the last SR's NTP time
            + "00014000"  //   DLSR 0x14000/65536 s = 1.25 s
            + "81ca0006"  // V=2 P=0 SC=1 | PT=202 SDES | length 6: 28 bytes
            + "00000001"  // chunk 1: SSRC 1
            + "0110"      //   item CNAME, 16 bytes
            + "34544f6b34326d536a58436b56496136" // "4TOk42mSjXCkVIa6"
            + "0000");    //   null item ends the chunk, then a null octet to 32 bits

    /** RFC 3550 section 6.4.1 (SR) and 6.5 (SDES): a sending Chromium that also receives. */
    static final byte[] SR_SDES = hex(""
            + "81c8000c"  // V=2 P=0 RC=1 | PT=200 SR | length 12: 52 bytes
            + "5e2d9b47"  // SSRC of sender
            + "e91c4a3f"  // NTP timestamp, seconds since 1900
            + "8b439581"  // NTP timestamp, fraction
            + "1b6e0a48"  // RTP timestamp of the same instant
            + "00000539"  // sender's packet count 1337
            + "000c4b2e"  // sender's octet count 805678
            + "1a2b3c4d"  // report block: SSRC_1
            + "00"        //   fraction lost 0
            + "fffffe"    //   cumulative packets lost -2 (duplicates outnumber losses)
            + "00002710"  //   extended highest seq 10000
            + "00000011"  //   jitter 17
            + "00000000"  //   LSR: no SR received yet
            + "00000000"  //   DLSR 0
            + "81ca0006"  // V=2 P=0 SC=1 | PT=202 SDES | length 6: 28 bytes
            + "5e2d9b47"  // chunk 1: SSRC of sender
            + "0110"      //   item CNAME, 16 bytes
            + "34544f6b34326d536a58436b56496136" // "4TOk42mSjXCkVIa6"
            + "0000");    //   null item, null octet

    /** RFC 3550 section 6.6: an RR, then a BYE with a reason, the last packet of a compound. */
    static final byte[] RR_BYE = hex(""
            + "80c90001"  // V=2 P=0 RC=0 | PT=201 RR | length 1: 8 bytes
            + "5e2d9b47"  // SSRC of packet sender
            + "81cb0004"  // V=2 P=0 SC=1 | PT=203 BYE | length 4: 20 bytes
            + "5e2d9b47"  // SSRC leaving
            + "08"        // reason length 8
            + "73687574646f776e" // "shutdown"
            + "000000");  // null octets to 32 bits

    /** RFC 4585 section 6.2.1: a generic NACK across the sequence number wrap, sent alone (RFC 5506). */
    static final byte[] NACK = hex(""
            + "81cd0004"  // V=2 P=0 FMT=1 | PT=205 RTPFB | length 4: 20 bytes
            + "00000001"  // SSRC of packet sender
            + "5e2d9b47"  // SSRC of media source
            + "fffe"      // PID 65534 lost
            + "8005"      // BLP bits 0, 2, 15: 65535, 1 (65534 + 3 wraps) and 14 lost
            + "0020"      // PID 32 lost
            + "0000");    // BLP: nothing else

    /** RFC 4585 section 6.3.1: picture loss indication, no FCI. */
    static final byte[] PLI = hex(""
            + "81ce0002"  // V=2 P=0 FMT=1 | PT=206 PSFB | length 2: 12 bytes
            + "00000001"  // SSRC of packet sender
            + "5e2d9b47"); // SSRC of media source

    /** RFC 5104 section 4.3.1.1: full intra request with one entry. */
    static final byte[] FIR = hex(""
            + "84ce0004"  // V=2 P=0 FMT=4 | PT=206 PSFB | length 4: 20 bytes
            + "00000001"  // SSRC of packet sender
            + "00000000"  // SSRC of media source: unused, 0 (section 4.3.1.2)
            + "5e2d9b47"  // FCI: SSRC of the media sender asked for a key frame
            + "07000000"); //   command sequence number 7, 24 reserved bits

    /** draft-alvestrand-rmcat-remb-03 section 2.2: 1,500,000 bps for two SSRCs. */
    static final byte[] REMB = hex(""
            + "8fce0006"  // V=2 P=0 FMT=15 | PT=206 PSFB | length 6: 28 bytes
            + "00000001"  // SSRC of packet sender
            + "00000000"  // SSRC of media source: 0
            + "52454d42"  // "REMB"
            + "02"        // Num SSRC 2
            + "0edc6c"    // BR Exp 3 (000011), BR Mantissa 187500 (0x2dc6c): 187500 * 2^3 = 1,500,000
            + "5e2d9b47"  // SSRC feedback 1
            + "1a2b3c4d"); // SSRC feedback 2

    /**
     * draft-holmer-rmcat-transport-wide-cc-extensions-01 section 3.1: 35 statuses from transport seq
     * 256 in a run-length chunk, a one-bit and a two-bit status vector, small and large (one negative)
     * deltas, and zero padding.
     */
    static final byte[] TRANSPORT_CC = hex(""
            + "8fcd000e"  // V=2 P=0 FMT=15 | PT=205 RTPFB | length 14: 60 bytes
            + "00000001"  // SSRC of packet sender
            + "5e2d9b47"  // SSRC of media source
            + "0100"      // base sequence number 256
            + "0023"      // packet status count 35
            + "0a1b2c"    // reference time 0x0a1b2c * 64 ms
            + "05"        // feedback packet count 5
            + "200e"      // run-length chunk: 0 | S=01 small delta | run 14: seqs 256-269
            + "9bdf"      // one-bit vector: 1 0 | 0 1 1 0 1 1 1 1 0 1 1 1 1 1: seqs 270-283, 11 received
            + "e495"      // two-bit vector: 1 1 | 10 01 00 10 01 01 01: seqs 284-290
            + "1004050408000404050304040504" // 14 small deltas (250 us ticks) for seqs 256-269; 0 = same tick
            + "0c0404040904030405 0404".replace(" ", "") // 11 small deltas of the one-bit vector
            + "0190"      // large delta +400 ticks = +100 ms (seq 284)
            + "04"        // small delta (seq 285); seq 286 not received
            + "fff6"      // large delta -10 ticks = -2.5 ms: arrived before seq 285 (seq 287)
            + "080405"    // small deltas for seqs 288-290
            + "00");      // zero padding to 32 bits

    /** RFC 3550 section 6.4.1: an RR and a PLI, the PLI padded (P=1) with a 4-byte padding count. */
    static final byte[] RR_PLI_PADDED = hex(""
            + "80c90001"  // V=2 P=0 RC=0 | PT=201 RR | length 1: 8 bytes
            + "00000001"  // SSRC of packet sender
            + "a1ce0003"  // V=2 P=1 FMT=1 | PT=206 PSFB | length 3: 16 bytes, padding included
            + "00000001"  // SSRC of packet sender
            + "5e2d9b47"  // SSRC of media source
            + "00000004"); // padding: 3 null octets and the padding count 4

    /** RFC 3550 section 6.7 (APP), RFC 3611 section 4.4 (XR RRTR), an application feedback not REMB. */
    static final byte[] UNKNOWN_TYPES = hex(""
            + "80c90001"  // V=2 P=0 RC=0 | PT=201 RR | length 1
            + "00000001"  // SSRC of packet sender
            + "80cc0003"  // V=2 P=0 subtype 0 | PT=204 APP | length 3: 16 bytes
            + "00000001"  // SSRC
            + "74657374"  // name "test"
            + "cafebabe"  // application data
            + "80cf0004"  // V=2 P=0 | PT=207 XR | length 4: 20 bytes
            + "00000001"  // SSRC of packet sender
            + "04000002"  // block type 4 RRTR | reserved | block length 2
            + "e91c4a3f8b439581" // NTP timestamp
            + "8fce0003"  // V=2 P=0 FMT=15 | PT=206 application-layer feedback | length 3
            + "00000001"  // SSRC of packet sender
            + "00000000"  // SSRC of media source
            + "474f4f47"); // identifier "GOOG": not REMB, so kept raw

    static List<byte[]> all() {
        return List.of(RR_SDES, SR_SDES, RR_BYE, NACK, PLI, FIR, REMB, TRANSPORT_CC, RR_PLI_PADDED, UNKNOWN_TYPES);
    }
}

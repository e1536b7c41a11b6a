package org.canal.protocol.demux;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.canal.protocol.Malformation;
import org.canal.protocol.MalformedInputException;
import org.canal.protocol.testing.AllocationMeter;
import org.canal.protocol.testing.MutationFuzzer;
import org.junit.jupiter.api.Test;

/** First-byte demultiplexing per RFC 7983 section 7, and RTP vs RTCP per RFC 5761 section 4. */
class PacketKindTest {

    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replaceAll("//[^\\n]*", "").replaceAll("[\\s|]", ""));
    }

    /** RFC 5769 section 2.1 sample request: the 20-byte STUN header and the start of its attributes. */
    static final byte[] STUN = hex("""
            00 01 00 58             // Binding request, message length 88
            21 12 a4 42             // magic cookie
            b7 e7 a7 01 bc 34 d6 86 fa 87 df ae // transaction id
            80 22 00 10             // SOFTWARE, 16 bytes
            """);
    /** A DTLS 1.2 handshake record header (RFC 6347 section 4.1) and a ClientHello start. */
    static final byte[] DTLS = hex("""
            16                      // content type 22: handshake
            fe fd                   // DTLS 1.2
            00 00                   // epoch 0
            00 00 00 00 00 00       // sequence number 0
            00 0c                   // length 12
            01 00 00 00 00 00 00 00 00 00 00 00 // ClientHello header
            """);
    /** A TURN ChannelData message (RFC 8656 section 12.4) on channel 0x4000. */
    static final byte[] TURN = hex("4000 0004 | de ad be ef");
    /** A ZRTP packet (RFC 6189 section 5): 0x1000, sequence number, cookie "ZRTP", SSRC, a Hello start. */
    static final byte[] ZRTP = hex("10 00 0001 | 5a525450 | 12345678 | 505a 0003 48656c6c 6f202020");
    /** RTP: V=2, M=1 PT=111 (second byte 0xef, not in 192-223). */
    static final byte[] RTP = hex("80 ef 0001 00000000 00000001 | 78");
    /** RTCP receiver report without blocks: PT=201 (RFC 3550 section 6.4.2). */
    static final byte[] RTCP_RR = hex("80 c9 0001 00000001");
    /** RTCP PSFB PLI: FMT=1 PT=206 (RFC 4585 section 6.3.1). */
    static final byte[] RTCP_PLI = hex("81 ce 0002 00000001 00000002");

    @Test
    void classifiesByTheFirstByteRangesOfRfc7983() {
        assertThat(PacketKind.of(STUN, 0, STUN.length)).isEqualTo(PacketKind.STUN);
        assertThat(PacketKind.of(ZRTP, 0, ZRTP.length)).isEqualTo(PacketKind.ZRTP);
        assertThat(PacketKind.of(DTLS, 0, DTLS.length)).isEqualTo(PacketKind.DTLS);
        assertThat(PacketKind.of(TURN, 0, TURN.length)).isEqualTo(PacketKind.TURN_CHANNEL);
        assertThat(PacketKind.of(RTP, 0, RTP.length)).isEqualTo(PacketKind.RTP);
        assertThat(PacketKind.of(RTCP_RR, 0, RTCP_RR.length)).isEqualTo(PacketKind.RTCP);
        assertThat(PacketKind.of(RTCP_PLI, 0, RTCP_PLI.length)).isEqualTo(PacketKind.RTCP);
    }

    @Test
    void coversEveryFirstByteValueWithTheRangesOfRfc7983Section7() {
        byte[] b = new byte[64];
        for (int first = 0; first < 256; first++) {
            b[0] = (byte) first;
            b[1] = 0x60; // an RTP-looking second byte
            PacketKind expected;
            if (first <= 3) {
                expected = PacketKind.STUN;
            } else if (first >= 16 && first <= 19) {
                expected = PacketKind.ZRTP;
            } else if (first >= 20 && first <= 63) {
                expected = PacketKind.DTLS;
            } else if (first >= 64 && first <= 79) {
                expected = PacketKind.TURN_CHANNEL;
            } else if (first >= 128 && first <= 191) {
                expected = PacketKind.RTP;
            } else {
                expected = PacketKind.UNKNOWN; // 4-15, 80-127, 192-255 are unassigned
            }
            assertThat(PacketKind.of(b, 0, b.length)).as("first byte %d", first).isEqualTo(expected);
        }
    }

    @Test
    void tellsRtcpFromRtpByTheSecondByteOfRfc5761Section4() {
        byte[] b = Arrays.copyOf(RTP, 16);
        for (int second = 0; second < 256; second++) {
            b[1] = (byte) second;
            PacketKind expected = second >= 192 && second <= 223 ? PacketKind.RTCP : PacketKind.RTP;
            assertThat(PacketKind.of(b, 0, b.length)).as("second byte %d", second).isEqualTo(expected);
        }
        // Marker bit with payload types 64-95 is where RTCP types SR (200) to PSFB (206) sit.
        b[1] = (byte) (0x80 | 72);
        assertThat(PacketKind.of(b, 0, b.length)).isEqualTo(PacketKind.RTCP);
        b[1] = 72; // same payload type without the marker bit
        assertThat(PacketKind.of(b, 0, b.length)).isEqualTo(PacketKind.RTP);
    }

    @Test
    void refusesInputTooShortForItsKind() {
        assertThat(PacketKind.of(new byte[0], 0, 0)).isEqualTo(PacketKind.UNKNOWN);
        assertThat(PacketKind.of(STUN, 0, 19)).isEqualTo(PacketKind.UNKNOWN);
        assertThat(PacketKind.of(STUN, 0, 20)).isEqualTo(PacketKind.STUN);
        assertThat(PacketKind.of(ZRTP, 0, 11)).isEqualTo(PacketKind.UNKNOWN);
        assertThat(PacketKind.of(DTLS, 0, 12)).isEqualTo(PacketKind.UNKNOWN);
        assertThat(PacketKind.of(DTLS, 0, 13)).isEqualTo(PacketKind.DTLS);
        assertThat(PacketKind.of(TURN, 0, 3)).isEqualTo(PacketKind.UNKNOWN);
        assertThat(PacketKind.of(TURN, 0, 4)).isEqualTo(PacketKind.TURN_CHANNEL);
        assertThat(PacketKind.of(RTP, 0, 11)).isEqualTo(PacketKind.UNKNOWN);
        assertThat(PacketKind.of(RTP, 0, 12)).isEqualTo(PacketKind.RTP);
        assertThat(PacketKind.of(RTP, 0, 1)).isEqualTo(PacketKind.UNKNOWN);
        assertThat(PacketKind.of(RTCP_RR, 0, 7)).isEqualTo(PacketKind.UNKNOWN);
        assertThat(PacketKind.of(RTCP_RR, 0, 8)).isEqualTo(PacketKind.RTCP);
    }

    @Test
    void readsOnlyItsRange() {
        byte[] b = new byte[40];
        Arrays.fill(b, (byte) 0xC9);
        System.arraycopy(RTP, 0, b, 5, RTP.length);
        assertThat(PacketKind.of(b, 5, RTP.length)).isEqualTo(PacketKind.RTP);
        assertThat(PacketKind.of(b, 5, 1)).isEqualTo(PacketKind.UNKNOWN);
    }

    /** Lets the fuzz harness count UNKNOWN as a refusal. */
    private enum Unclassified implements Malformation {
        UNKNOWN;

        @Override
        public String explanation() {
            return "no RFC 7983 range matches, or too short for its kind";
        }
    }

    @Test
    void fuzzesTheClassifierWithRealFirstBytes() {
        int runs = 20_000;
        MutationFuzzer fuzzer = MutationFuzzer.named("demux")
                .seeds(List.of(STUN, DTLS, TURN, ZRTP, RTP, RTCP_RR, RTCP_PLI))
                .runs(runs).randomSeed(0x7983L).maxLength(256)
                .run((buf, off, len) -> {
                    PacketKind kind = PacketKind.of(buf, off, len);
                    if (kind == PacketKind.UNKNOWN) {
                        throw new MalformedInputException(Unclassified.UNKNOWN);
                    }
                    return kind.name();
                });
        assertThat(fuzzer.acceptedCount()).isGreaterThan(runs / 2);
        assertThat(fuzzer.refusedCount()).isGreaterThan(runs / 50);
    }

    @Test
    void classifyingAllocatesNothing() throws Exception {
        byte[][] inputs = {STUN, DTLS, TURN, ZRTP, RTP, RTCP_RR, RTCP_PLI, new byte[] {(byte) 0xFF, 0}, new byte[0]};
        int[] next = {0};
        long[] sink = {0};
        double bytes = AllocationMeter.bytesPerRun(() -> {
            byte[] in = inputs[next[0]++ % inputs.length];
            sink[0] += PacketKind.of(in, 0, in.length).ordinal();
        }, 20_000, 200_000);
        assertThat(sink[0]).isNotZero();
        assertThat(bytes).isLessThan(1.0);
    }
}

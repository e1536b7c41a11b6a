package org.canal.peer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.canal.protocol.rtp.RtpHeaderExtensionCursor;
import org.canal.protocol.rtp.RtpPacket;
import org.junit.jupiter.api.Test;

class RtpStreamSourceTest {
    private final byte[] buf = new byte[1500];
    private final RtpPacket packet = new RtpPacket();

    @Test
    void videoFramesShareATimestampAndTheLastPacketCarriesTheMarker() {
        RtpStreamSource video = RtpStreamSource.builder(0xCAFE_F00DL, 96, 90_000, 1_000)
                .packetsPerFrame(3).markFrameEnds(true)
                .firstSequenceNumber(65_534).firstTimestamp(0xFFFF_FFF0L).build();
        int[] seqs = new int[6];
        long[] timestamps = new long[6];
        boolean[] markers = new boolean[6];
        for (int i = 0; i < 6; i++) {
            int len = video.next(buf, 0);
            assertThat(len).isEqualTo(video.packetLength()).isEqualTo(12 + 1_000);
            assertThat(packet.wrap(buf, 0, len)).isTrue();
            assertThat(packet.ssrc()).isEqualTo(0xCAFE_F00DL);
            assertThat(packet.payloadType()).isEqualTo(96);
            assertThat(packet.hasExtension()).isFalse();
            seqs[i] = packet.sequenceNumber();
            timestamps[i] = packet.timestamp();
            markers[i] = packet.marker();
        }
        assertThat(seqs).containsExactly(65_534, 65_535, 0, 1, 2, 3);
        // 90 kHz * 20 ms = 1,800 ticks per frame, wrapping at 2^32 (RFC 3550 section 5.1).
        assertThat(timestamps).containsExactly(0xFFFF_FFF0L, 0xFFFF_FFF0L, 0xFFFF_FFF0L, 1_784, 1_784, 1_784);
        assertThat(markers).containsExactly(false, false, true, false, false, true);
        assertThat(video.packetsWritten()).isEqualTo(6);
    }

    @Test
    void midTravelsInAOneByteHeaderExtension() {
        RtpStreamSource audio = RtpStreamSource.builder(7, 111, 48_000, 160).mid(4, "audio0").build();
        int len = audio.next(buf, 0);
        // 12 fixed + 4 extension header + (1 + 6 rounded up to 8) elements + 160 payload
        assertThat(len).isEqualTo(audio.packetLength()).isEqualTo(12 + 4 + 8 + 160);
        assertThat(packet.wrap(buf, 0, len)).isTrue();
        assertThat(packet.extensionProfile()).isEqualTo(RtpHeaderExtensionCursor.ONE_BYTE_PROFILE);
        RtpHeaderExtensionCursor cursor = new RtpHeaderExtensionCursor();
        assertThat(cursor.find(packet, 4)).isTrue();
        assertThat(new String(buf, cursor.dataOffset(), cursor.dataLength(), StandardCharsets.US_ASCII))
                .isEqualTo("audio0");
        assertThat(packet.payloadLength()).isEqualTo(160);
        assertThat(audio.nextTimestamp()).isEqualTo(960);
        assertThat(packet.marker()).isFalse();
    }

    @Test
    void thePayloadPatternDetectsAnAlteredByte() {
        RtpStreamSource source = RtpStreamSource.builder(1, 96, 90_000, 300).firstSequenceNumber(1234).build();
        int len = source.next(buf, 0);
        assertThat(RtpStreamSource.hasPattern(buf, 0, len)).isTrue();
        byte[] altered = Arrays.copyOf(buf, len);
        altered[len - 1] ^= 1;
        assertThat(RtpStreamSource.hasPattern(altered, 0, len)).isFalse();
        assertThat(RtpStreamSource.hasPattern(buf, 0, 5)).as("not an RTP packet").isFalse();
    }
}

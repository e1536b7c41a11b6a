package org.canal.protocol.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.canal.protocol.rtp.RtpSamples.hex;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Writing packets into a caller's array, and round trips against the hand-built samples. */
class RtpPacketWriterTest {
    private final RtpPacketWriter writer = new RtpPacketWriter();
    private final RtpPacket packet = new RtpPacket();

    @Test
    void writesTheChromiumOpusPacketByteForByte() {
        byte[] buf = new byte[64];
        int n = writer.start(buf, 0).marker(true).payloadType(111).sequenceNumber(6699).timestamp(48_000)
                .ssrc(0x12345678L)
                .beginExtensions(RtpHeaderExtensionCursor.ONE_BYTE_PROFILE)
                .extension(1, hex("ff"))
                .extension(2, hex("123456"))
                .extension(3, hex("0005"))
                .extension(4, "0".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .payload(hex("780102030405"))
                .finish();
        assertThat(Arrays.copyOf(buf, n)).isEqualTo(RtpSamples.OPUS);
    }

    @Test
    void writesTheVp8PacketWithCsrcsAndPadding() {
        byte[] buf = new byte[64];
        int n = writer.start(buf, 0).payloadType(96).marker(true).sequenceNumber(65535).timestamp(0xFFFF_FFFFL)
                .ssrc(0xABCD).csrc(0x11111111L).csrc(0x22222222L)
                .payload(hex("90802a1002009d012a")).padding(4).finish();
        assertThat(Arrays.copyOf(buf, n)).isEqualTo(RtpSamples.VP8);
    }

    @Test
    void writesTheTwoBytePacket() {
        byte[] buf = new byte[64];
        int n = writer.start(buf, 0).payloadType(96).sequenceNumber(1).timestamp(100).ssrc(1)
                .beginExtensions(RtpHeaderExtensionCursor.TWO_BYTE_PROFILE)
                .extensionPadding(1)
                .extension(1, new byte[0])
                .extension(15, "abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .extension(32, hex("07"))
                .payload(hex("deadbeef")).finish();
        assertThat(Arrays.copyOf(buf, n)).isEqualTo(RtpSamples.TWO_BYTE);
    }

    @Test
    void roundTripsEverySampleThroughParseAndWrite() {
        for (byte[] sample : RtpSamples.all()) {
            assertThat(packet.wrap(sample, 0, sample.length)).isTrue();
            byte[] out = new byte[sample.length + 8];
            writer.start(out, 3).marker(packet.marker()).payloadType(packet.payloadType())
                    .sequenceNumber(packet.sequenceNumber()).timestamp(packet.timestamp()).ssrc(packet.ssrc());
            for (int i = 0; i < packet.csrcCount(); i++) {
                writer.csrc(packet.csrc(i));
            }
            if (packet.hasExtension()) {
                writer.beginExtensions(packet.extensionProfile()).extensionBytes(Arrays.copyOfRange(sample,
                        packet.extensionDataOffset(), packet.extensionDataOffset() + packet.extensionDataLength()));
            }
            writer.payload(sample, packet.payloadOffset(), packet.payloadLength());
            if (packet.hasPadding()) {
                writer.padding(packet.paddingLength());
            }
            int n = writer.finish();
            assertThat(Arrays.copyOfRange(out, 3, 3 + n)).isEqualTo(sample);
        }
    }

    @Test
    void padsTheBlockToAWordAndWritesItsLength() {
        byte[] buf = new byte[32];
        int n = writer.start(buf, 0).beginExtensions(0xBEDE).extension(7, hex("aa")).finish();
        assertThat(Arrays.copyOf(buf, n)).isEqualTo(hex("90 00 0000 00000000 00000000 bede 0001 70aa 0000"));
        assertThat(packet.wrap(buf, 0, n)).isTrue();
        assertThat(packet.payloadLength()).isZero();
    }

    @Test
    void refusesWhatTheFormsCannotCarry() {
        byte[] buf = new byte[64];
        writer.start(buf, 0).beginExtensions(0xBEDE);
        assertThatThrownBy(() -> writer.extension(15, hex("00"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.extension(1, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.extension(1, new byte[17])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.csrc(1)).isInstanceOf(IllegalArgumentException.class);
        writer.start(buf, 0).beginExtensions(0x1000);
        assertThatThrownBy(() -> writer.extension(256, hex("00"))).isInstanceOf(IllegalArgumentException.class);
        writer.start(buf, 0).beginExtensions(0x1234);
        assertThatThrownBy(() -> writer.extension(1, hex("00"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.start(buf, 0).payloadType(128)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.start(buf, 0).padding(0)).isInstanceOf(IllegalArgumentException.class);
    }
}

package org.canal.protocol.srtp;

import java.util.Arrays;

/** Realistic RTP/RTCP packets and protect helpers shared by the SRTP tests. */
final class SrtpTestPackets {
    static final byte[] MASTER_KEY_256 = Hex.bytes("""
            f0f04914b513f2763a1b1fa130f10e29
            98f6f6e43e4309d1e622a0e332b9f1b6""");
    static final byte[] MASTER_SALT_14 = Hex.bytes("3b04803de51ee7c96423ab5b78d2");

    private SrtpTestPackets() {}

    static byte[] masterKey(SrtpProfile profile) {
        return Arrays.copyOf(MASTER_KEY_256, profile.keyLength());
    }

    static byte[] masterSalt(SrtpProfile profile) {
        return Arrays.copyOf(MASTER_SALT_14, profile.saltLength());
    }

    static SrtpContext context(SrtpProfile profile) {
        return SrtpContext.create(profile, masterKey(profile), masterSalt(profile));
    }

    /** An Opus-like RTP packet: V=2, PT=111, with a one-byte header extension (RFC 8285) carrying audio level. */
    static byte[] rtp(int ssrc, int seq, int payloadLength) {
        byte[] header = Hex.bytes("""
                90 6f 0000   # V=2, X=1, PT=111, SEQ (set below)
                00003e80     # timestamp
                00000000     # SSRC (set below)
                bede 0001    # RFC 8285 one-byte extensions, 1 word
                10 85 0000   # ID=1 L=0 audio level 0x85, padding
                """);
        byte[] p = Arrays.copyOf(header, header.length + payloadLength);
        p[2] = (byte) (seq >>> 8);
        p[3] = (byte) seq;
        p[8] = (byte) (ssrc >>> 24);
        p[9] = (byte) (ssrc >>> 16);
        p[10] = (byte) (ssrc >>> 8);
        p[11] = (byte) ssrc;
        for (int i = header.length; i < p.length; i++) {
            p[i] = (byte) (i * 31 + seq);
        }
        return p;
    }

    /** A receiver report (RFC 3550 section 6.4.2) from {@code ssrc} with one report block. */
    static byte[] rtcp(int ssrc) {
        byte[] p = Hex.bytes("""
                81c9 0007    # V=2, RC=1, PT=201 (RR), length 7 words
                00000000     # sender SSRC (set below)
                5501a0b2     # SSRC of source
                00 000000    # fraction lost, cumulative lost
                0001f17b     # extended highest sequence number
                00000010     # jitter
                00000000     # LSR
                00000000     # DLSR
                """);
        p[4] = (byte) (ssrc >>> 24);
        p[5] = (byte) (ssrc >>> 16);
        p[6] = (byte) (ssrc >>> 8);
        p[7] = (byte) ssrc;
        return p;
    }

    /** Protects a copy of {@code rtp}, returning exactly the SRTP packet. */
    static byte[] protectRtp(SrtpContext sender, byte[] rtp) {
        byte[] buf = Arrays.copyOf(rtp, rtp.length + 16);
        int n = sender.protectRtp(buf, 0, rtp.length);
        if (n < 0) {
            throw new AssertionError("protect refused: " + SrtpMalformation.ofResult(n));
        }
        return Arrays.copyOf(buf, n);
    }

    static byte[] protectRtcp(SrtpContext sender, byte[] rtcp) {
        byte[] buf = Arrays.copyOf(rtcp, rtcp.length + 20);
        int n = sender.protectRtcp(buf, 0, rtcp.length);
        if (n < 0) {
            throw new AssertionError("protect refused: " + SrtpMalformation.ofResult(n));
        }
        return Arrays.copyOf(buf, n);
    }

    /** Unprotects a copy; returns the refusal's name, or "ok" after checking the plaintext. */
    static String unprotectRtp(SrtpContext receiver, byte[] srtp, byte[] expectedRtp) {
        byte[] buf = srtp.clone();
        int n = receiver.unprotectRtp(buf, 0, buf.length);
        if (n < 0) {
            return SrtpMalformation.ofResult(n).name();
        }
        if (!Arrays.equals(Arrays.copyOf(buf, n), expectedRtp)) {
            throw new AssertionError("decrypted to other bytes");
        }
        return "ok";
    }

    static String unprotectRtcp(SrtpContext receiver, byte[] srtcp, byte[] expectedRtcp) {
        byte[] buf = srtcp.clone();
        int n = receiver.unprotectRtcp(buf, 0, buf.length);
        if (n < 0) {
            return SrtpMalformation.ofResult(n).name();
        }
        if (!Arrays.equals(Arrays.copyOf(buf, n), expectedRtcp)) {
            throw new AssertionError("decrypted to other bytes");
        }
        return "ok";
    }
}

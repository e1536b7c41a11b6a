package org.canal.protocol.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.canal.protocol.BigEndian;
import org.canal.protocol.testing.AllocationMeter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bytes allocated per packet. AES-CM + HMAC-SHA1 allocates nothing, accepted or refused. JCE's GCM
 * allocates inside every call, so for the GCM profiles Canal is measured against a bare-JCE baseline
 * doing the same Cipher.init (with its new GCMParameterSpec), updateAAD and doFinal on the same
 * buffers, and the difference, Canal's own share, must be under one byte per packet.
 */
class SrtpAllocationTest {
    private static final int WARMUP = 20_000;
    private static final int MEASURED = 100_000;
    private static final int SSRC = 0x5501a0b2;
    private static final int PAYLOAD = 1_200;
    private static final int ROUNDS = 3;

    /** A sender and a receiver with a template packet; each run protects the next sequence number and unprotects it. */
    private static final class Loop {
        final SrtpProfile profile;
        final SrtpContext sender;
        final SrtpContext receiver;
        final byte[] template = SrtpTestPackets.rtp(SSRC, 0, PAYLOAD);
        final byte[] rtcpTemplate = SrtpTestPackets.rtcp(SSRC);
        final byte[] buf = new byte[template.length + 32];
        int seq = 60_000; // crosses the 65535 -> 0 wrap during the runs
        int result;

        Loop(SrtpProfile profile) {
            this.profile = profile;
            sender = SrtpTestPackets.context(profile);
            receiver = SrtpTestPackets.context(profile);
        }

        int protect() {
            System.arraycopy(template, 0, buf, 0, template.length);
            BigEndian.put16(buf, 2, seq++);
            return sender.protectRtp(buf, 0, template.length);
        }

        void protectAndUnprotect() {
            result = receiver.unprotectRtp(buf, 0, protect());
        }

        void rtcpRoundTrip() {
            System.arraycopy(rtcpTemplate, 0, buf, 0, rtcpTemplate.length);
            result = receiver.unprotectRtcp(buf, 0, sender.protectRtcp(buf, 0, rtcpTemplate.length));
        }
    }

    @ParameterizedTest
    @EnumSource(value = SrtpProfile.class, names = {"AES_CM_128_HMAC_SHA1_80", "AES_CM_128_HMAC_SHA1_32"})
    void aesCmAllocatesNothingPerPacket(SrtpProfile profile) throws Exception {
        double protect = AllocationMeter.bytesPerRun(new Loop(profile)::protect, WARMUP, MEASURED);
        // A fresh pair: the receiver must see the sender's packets from the first, or their ROCs part ways.
        Loop loop = new Loop(profile);
        double both = AllocationMeter.bytesPerRun(() -> {
            loop.protectAndUnprotect();
            if (loop.result != PAYLOAD + 20) {
                throw new AssertionError(SrtpMalformation.ofResult(loop.result));
            }
        }, WARMUP, MEASURED);
        double rtcp = AllocationMeter.bytesPerRun(() -> {
            loop.rtcpRoundTrip();
            if (loop.result != 32) {
                throw new AssertionError(SrtpMalformation.ofResult(loop.result));
            }
        }, WARMUP, MEASURED);

        // Refusals: a forged tag (after the MAC), a replay (before it), a bad version and an unknown SSRC past the bound.
        int n = loop.protect();
        byte[] srtp = Arrays.copyOf(loop.buf, n);
        assertThat(loop.receiver.unprotectRtp(srtp.clone(), 0, n)).isPositive();
        loop.protect();
        byte[] forged = Arrays.copyOf(loop.buf, n); // a new index, never received
        forged[n - 1] ^= 1;
        byte[] in = new byte[n];
        SrtpContext oneStream = SrtpContext.create(profile, SrtpTestPackets.masterKey(profile), SrtpTestPackets.masterSalt(profile), 1);
        byte[] first = SrtpTestPackets.protectRtp(SrtpTestPackets.context(profile), SrtpTestPackets.rtp(SSRC, 1, PAYLOAD));
        assertThat(oneStream.unprotectRtp(first.clone(), 0, n)).isPositive();
        byte[] otherSsrc = first.clone();
        otherSsrc[11] ^= 1;
        byte[] badVersion = srtp.clone();
        badVersion[0] = 0x10;
        double refused = AllocationMeter.bytesPerRun(() -> {
            System.arraycopy(forged, 0, in, 0, n);
            expect(loop.receiver.unprotectRtp(in, 0, n), SrtpMalformation.AUTHENTICATION_FAILED);
            expect(loop.receiver.unprotectRtp(srtp, 0, n), SrtpMalformation.REPLAYED);
            expect(loop.receiver.unprotectRtp(badVersion, 0, n), SrtpMalformation.NOT_VERSION_2);
            expect(oneStream.unprotectRtp(otherSsrc, 0, n), SrtpMalformation.TOO_MANY_STREAMS);
            expect(loop.receiver.unprotectRtcp(forged, 0, 20), SrtpMalformation.TOO_SHORT);
        }, WARMUP, MEASURED);

        System.out.printf("%s bytes/packet: protect %.3f, protect+unprotect %.3f, SRTCP protect+unprotect %.3f, 5 refusals %.3f%n",
                profile, protect, both, rtcp, refused);
        assertThat(protect).isLessThan(1.0);
        assertThat(both).isLessThan(1.0);
        assertThat(rtcp).isLessThan(1.0);
        assertThat(refused).isLessThan(1.0);
    }

    private static void expect(int result, SrtpMalformation reason) {
        if (result != reason.asResult()) {
            throw new AssertionError("expected " + reason + ", got " + result);
        }
    }

    @ParameterizedTest
    @EnumSource(value = SrtpProfile.class, names = {"AEAD_AES_128_GCM", "AEAD_AES_256_GCM"})
    void gcmAllocatesNoMoreThanBareJce(SrtpProfile profile) throws Exception {
        Loop protectOnly = new Loop(profile);
        Loop loop = new Loop(profile);
        BareJceGcm bare = new BareJceGcm(profile.keyLength(), loop.template);
        AllocationMeter.Operation canalBoth = () -> {
            loop.protectAndUnprotect();
            if (loop.result != PAYLOAD + 20) {
                throw new AssertionError(SrtpMalformation.ofResult(loop.result));
            }
        };
        AllocationMeter.Operation jceBoth = () -> bare.decrypt(bare.encrypt());

        // Refused: a forged tag. JCE throws AEADBadTagException inside, in both measurements.
        Loop forger = new Loop(profile);
        int n = forger.protect();
        byte[] forged = Arrays.copyOf(forger.buf, n);
        forged[n - 1] ^= 1;
        byte[] in = new byte[n];
        AllocationMeter.Operation canalRefused = () -> {
            System.arraycopy(forged, 0, in, 0, n);
            expect(forger.receiver.unprotectRtp(in, 0, n), SrtpMalformation.AUTHENTICATION_FAILED);
        };
        AllocationMeter.Operation jceRefused = () -> {
            System.arraycopy(forged, 0, in, 0, n);
            bare.refuse(in, n);
        };

        // JCE's own figure moves by a few bytes with what the JIT inlines into it (escape analysis), so
        // both sides are measured in alternating rounds and the settled (lowest) figures compared.
        double[] figures = new double[6];
        Arrays.fill(figures, Double.MAX_VALUE);
        for (int round = 0; round < ROUNDS; round++) {
            figures[0] = Math.min(figures[0], AllocationMeter.bytesPerRun(protectOnly::protect, WARMUP, MEASURED));
            figures[1] = Math.min(figures[1], AllocationMeter.bytesPerRun(bare::encrypt, WARMUP, MEASURED));
            figures[2] = Math.min(figures[2], AllocationMeter.bytesPerRun(canalBoth, WARMUP, MEASURED));
            figures[3] = Math.min(figures[3], AllocationMeter.bytesPerRun(jceBoth, WARMUP, MEASURED));
            figures[4] = Math.min(figures[4], AllocationMeter.bytesPerRun(canalRefused, WARMUP / 4, MEASURED / 4));
            figures[5] = Math.min(figures[5], AllocationMeter.bytesPerRun(jceRefused, WARMUP / 4, MEASURED / 4));
        }
        System.out.printf("%s bytes/packet: protect Canal %.1f vs bare JCE %.1f; protect+unprotect Canal %.1f vs bare JCE %.1f;"
                + " forged tag Canal %.1f vs bare JCE %.1f%n",
                profile, figures[0], figures[1], figures[2], figures[3], figures[4], figures[5]);
        assertThat(figures[0] - figures[1]).as("Canal's own allocation when protecting").isLessThan(1.0);
        assertThat(figures[2] - figures[3]).as("Canal's own allocation when protecting and unprotecting").isLessThan(1.0);
        assertThat(figures[4] - figures[5]).as("Canal's own allocation when refusing a forged tag").isLessThan(1.0);
    }

    /** Only what JCE needs for RFC 7714 SRTP: init with a per-packet IV, the header as AAD, doFinal in place. */
    private static final class BareJceGcm {
        private final Cipher gcm;
        private final SecretKeySpec key;
        private final byte[] template;
        private final byte[] buf;
        private final byte[] iv = new byte[12];
        private int seq;

        BareJceGcm(int keyLength, byte[] template) throws Exception {
            gcm = Cipher.getInstance("AES/GCM/NoPadding");
            key = new SecretKeySpec(new byte[keyLength], "AES");
            this.template = template;
            this.buf = new byte[template.length + 32];
        }

        int encrypt() throws Exception {
            System.arraycopy(template, 0, buf, 0, template.length);
            BigEndian.put16(buf, 2, seq);
            BigEndian.put16(iv, 10, seq++);
            iv[6] = (byte) (seq >>> 16);
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            gcm.updateAAD(buf, 0, 20);
            return 20 + gcm.doFinal(buf, 20, template.length - 20, buf, 20);
        }

        void decrypt(int n) throws Exception {
            gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
            gcm.updateAAD(buf, 0, 20);
            gcm.doFinal(buf, 20, n - 20, buf, 20);
        }

        void refuse(byte[] in, int n) throws Exception {
            try {
                gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
                gcm.updateAAD(in, 0, 20);
                gcm.doFinal(in, 20, n - 20, in, 20);
                throw new AssertionError("a forged tag was accepted");
            } catch (AEADBadTagException expected) {
                // the refusal being measured
            }
        }
    }
}

package org.canal.protocol.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.canal.protocol.BigEndian;
import org.canal.protocol.MalformedInputException;
import org.canal.protocol.testing.MutationFuzzer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Unprotect fed with mutations of real protected packets (the RFC 7714 vectors and packets of this
 * test's own senders), each placed inside marker bytes. A fresh receiving context per call keeps the
 * outcome a function of the bytes alone, as the harness needs (it calls twice per input); the
 * fingerprint is the plaintext, so the harness also checks decryption reads nothing outside the range.
 */
class SrtpFuzzTest {
    private static final int RUNS = 20_000;

    /** Not the RFC 7714 vectors' SSRCs, which pick the RFC's session keys in the targets. */
    private static final int[] SSRCS = {0x11223344, 0xCAFE0001, 0x1234};
    private static final int RFC7714_RTP_SSRC = 0x5501a0b2;
    private static final int RFC7714_RTCP_SSRC = 0x4d617273;

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void unprotectRtpRefusesMutationsWithoutThrowingOrWritingOutside(SrtpProfile profile) {
        SrtpContext sender = SrtpTestPackets.context(profile);
        List<byte[]> seeds = new ArrayList<>();
        int seq = 65530;
        for (int payload : new int[] {0, 1, 20, 160, 300}) {
            for (int ssrc : SSRCS) {
                seeds.add(SrtpTestPackets.protectRtp(sender, SrtpTestPackets.rtp(ssrc, seq++ & 0xFFFF, payload)));
            }
        }
        byte[] csrcs = Hex.bytes("""
                82 00 1234  # V=2, CC=2, PT=0, SEQ
                00000001    # timestamp
                00001234    # SSRC
                00000005 00000006  # CSRCs
                """ + "ab".repeat(40));
        seeds.add(SrtpTestPackets.protectRtp(sender, csrcs));
        if (profile == SrtpProfile.AEAD_AES_128_GCM) {
            seeds.add(SrtpRfcVectorsTest.RFC7714_SRTP_128);
        } else if (profile == SrtpProfile.AEAD_AES_256_GCM) {
            seeds.add(SrtpRfcVectorsTest.RFC7714_SRTP_256);
        }
        Keys keys = new Keys(profile);
        TreeSet<String> reasons = new TreeSet<>();
        MutationFuzzer fuzzer = MutationFuzzer.named("srtp-unprotect-" + profile).seeds(seeds).runs(RUNS).randomSeed(0x5127_0001L)
                .run((buf, off, len) -> {
                    boolean rfc = len >= 12 && BigEndian.i32(buf, off + 8) == RFC7714_RTP_SSRC;
                    return outcome(reasons, buf, off, keys.fresh(rfc).unprotectRtp(buf, off, len));
                });
        report(fuzzer, reasons, seeds.size());
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void unprotectRtcpRefusesMutationsWithoutThrowingOrWritingOutside(SrtpProfile profile) {
        SrtpContext sender = SrtpTestPackets.context(profile);
        List<byte[]> seeds = new ArrayList<>();
        for (int ssrc : SSRCS) {
            seeds.add(SrtpTestPackets.protectRtcp(sender, SrtpTestPackets.rtcp(ssrc)));
            byte[] compound = SrtpTestPackets.rtcp(ssrc);
            compound = java.util.Arrays.copyOf(compound, compound.length * 2);
            System.arraycopy(compound, 0, compound, compound.length / 2, compound.length / 2);
            seeds.add(SrtpTestPackets.protectRtcp(sender, compound));
        }
        if (profile == SrtpProfile.AEAD_AES_128_GCM) {
            seeds.add(SrtpRfcVectorsTest.RFC7714_SRTCP_128);
            seeds.add(SrtpRfcVectorsTest.RFC7714_SRTCP_TAGGED_128);
        } else if (profile == SrtpProfile.AEAD_AES_256_GCM) {
            seeds.add(SrtpRfcVectorsTest.RFC7714_SRTCP_256);
            seeds.add(SrtpRfcVectorsTest.RFC7714_SRTCP_TAGGED_256);
        }
        Keys keys = new Keys(profile);
        TreeSet<String> reasons = new TreeSet<>();
        MutationFuzzer fuzzer = MutationFuzzer.named("srtcp-unprotect-" + profile).seeds(seeds).runs(RUNS).randomSeed(0x5127_0002L)
                .run((buf, off, len) -> {
                    boolean rfc = len >= 8 && BigEndian.i32(buf, off + 4) == RFC7714_RTCP_SSRC;
                    return outcome(reasons, buf, off, keys.fresh(rfc).unprotectRtcp(buf, off, len));
                });
        report(fuzzer, reasons, seeds.size());
    }

    /**
     * The accepted path under fuzzing: mutated plaintext RTP and RTCP packets go through protect and
     * unprotect (in a copy with tailroom, since protect appends) and must come back unchanged, or be
     * refused by both header checks alike.
     */
    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void protectThenUnprotectRestoresMutatedPlaintexts(SrtpProfile profile) {
        List<byte[]> seeds = new ArrayList<>();
        for (int ssrc : SSRCS) {
            seeds.add(SrtpTestPackets.rtp(ssrc, 65535, 40));
            seeds.add(SrtpTestPackets.rtcp(ssrc));
        }
        seeds.add(SrtpRfcVectorsTest.RFC7714_RTP);
        seeds.add(SrtpRfcVectorsTest.RFC7714_RTCP);
        Keys keys = new Keys(profile);
        TreeSet<String> reasons = new TreeSet<>();
        MutationFuzzer fuzzer = MutationFuzzer.named("srtp-round-trip-" + profile).seeds(seeds).runs(RUNS).randomSeed(0x5127_0003L)
                .run((buf, off, len) -> {
                    // The RTCP payload types 200-204 have the marker bit set in an RTP reading; RFC 5761 section 4.
                    boolean rtcp = len >= 2 && (buf[off + 1] & 0xFF) >= 200 && (buf[off + 1] & 0xFF) <= 204;
                    byte[] copy = java.util.Arrays.copyOfRange(buf, off, off + len + profile.srtcpOverhead() + 16);
                    int n = rtcp ? keys.fresh(false).protectRtcp(copy, 0, len) : keys.fresh(false).protectRtp(copy, 0, len);
                    if (n >= 0) {
                        n = rtcp ? keys.fresh(false).unprotectRtcp(copy, 0, n) : keys.fresh(false).unprotectRtp(copy, 0, n);
                        if (n != len || !java.util.Arrays.equals(copy, 0, len, buf, off, off + len)) {
                            throw new AssertionError("round trip changed the packet: " + n);
                        }
                    }
                    return (rtcp ? "rtcp " : "rtp ") + outcome(reasons, copy, 0, n);
                });
        System.out.printf("%s accepted, %s refused, reasons %s%n", fuzzer.acceptedCount(), fuzzer.refusedCount(), reasons);
        assertThat(fuzzer.acceptedCount()).isGreaterThan(RUNS / 4);
        assertThat(fuzzer.refusedCount()).isGreaterThan(RUNS / 20);
        assertThat(reasons).contains("TOO_SHORT", "NOT_VERSION_2", "HEADER_OVERRUN");
    }

    /** Session keys derived once; each call gets a fresh context (fresh ROC and replay state) over them. */
    private static final class Keys {
        private final SrtpProfile profile;
        private final SrtpSessionKeys rtp;
        private final SrtpSessionKeys rtcp;

        Keys(SrtpProfile profile) {
            this.profile = profile;
            byte[] key = SrtpTestPackets.masterKey(profile);
            byte[] salt = SrtpTestPackets.masterSalt(profile);
            rtp = SrtpKeyDerivation.derive(profile, key, salt, false);
            rtcp = SrtpKeyDerivation.derive(profile, key, salt, true);
        }

        /** Ours, or for the RFC 7714 vectors' SSRCs (AEAD profiles only) the RFC's session keys. */
        SrtpContext fresh(boolean rfc7714) {
            return rfc7714 && profile.isAead() ? SrtpRfcVectorsTest.rfc7714Context(profile) : new SrtpContext(profile, rtp, rtcp, 4);
        }
    }

    private static String outcome(TreeSet<String> reasons, byte[] buf, int off, int n) throws MalformedInputException {
        if (n < 0) {
            reasons.add(SrtpMalformation.ofResult(n).name());
            throw new MalformedInputException(SrtpMalformation.ofResult(n));
        }
        return n + ":" + Hex.of(buf, off, n);
    }

    private static void report(MutationFuzzer fuzzer, TreeSet<String> reasons, int seeds) {
        System.out.printf("%s accepted, %s refused, reasons %s%n", fuzzer.acceptedCount(), fuzzer.refusedCount(), reasons);
        // Authentication makes nearly every mutation a refusal, by design: the accepted inputs are the
        // seeds (always run first) and the rare mutations that undo themselves (a byte set to its own
        // value, a splice at the same point). The accepted path under mutation is fuzzed by
        // protectThenUnprotectRestoresMutatedPlaintexts.
        assertThat(fuzzer.acceptedCount()).isGreaterThan(seeds);
        assertThat(fuzzer.refusedCount()).isGreaterThan(RUNS * 9 / 10);
        assertThat(reasons).contains("TOO_SHORT", "NOT_VERSION_2", "AUTHENTICATION_FAILED");
    }
}
